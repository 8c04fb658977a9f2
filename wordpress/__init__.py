"""Moving a WordPress site into Warta: the WXR export read as a stream, its posts,
pages, media, comments and old links turned into ours (``manage.py import_wordpress``).

Nothing else imports this app; it writes through the models and services of
``news`` and ``comments``.
"""
