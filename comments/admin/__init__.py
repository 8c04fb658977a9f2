"""The "Komentar" area of the Wagtail admin, one module per job.

``queue`` (held comments and the spam folder), ``decisions`` (one comment, a run of
near-identical ones, bulk actions), ``blocks`` (the block list and trusted
commenters), ``versions`` (the spam filter's models) and ``dashboard`` (the home
panel). Every view requires ``comments.moderate_comment`` (the "Moderator" group
has it; "Humas" does not unless granted) on top of Wagtail's admin access. Every
change goes through a service verb taking ``moderator`` that writes an audit row;
the views decide nothing themselves. ``wagtail_hooks.py`` registers it all.
"""
