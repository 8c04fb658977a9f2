# What the admin's date pickers write first, then other day-first forms.
from ..inputs import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS
from ..inputs import DATETIME_INPUT_FORMATS as DATETIME_INPUT_FORMATS

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
