"""Date input formats shared by both languages (imported by each format module).

Wagtail's date pickers write ``WAGTAIL_DATE_FORMAT`` and ``WAGTAIL_DATETIME_FORMAT``
(the settings take them from here) and the page form parses with the active
language's ``*_INPUT_FORMATS``: Django's own Indonesian and English lists lack the
pickers' dotted form, so the form rejected the date it had just shown. Days come
first in both languages (an Indonesian office types 01/12/2026 for 1 December);
Django adds the ISO forms (2026-12-01) to every list.
"""

ADMIN_DATE_FORMAT = "%d.%m.%Y"
ADMIN_DATETIME_FORMAT = "%d.%m.%Y %H:%M"

DATE_INPUT_FORMATS = [ADMIN_DATE_FORMAT, "%d/%m/%Y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = [
    ADMIN_DATETIME_FORMAT,
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    # A date alone means midnight.
    *DATE_INPUT_FORMATS,
]
