"""The admin's login form with a translatable password label.

Wagtail's ``LoginForm`` declares its password field without a label, so Django
shows the field's name, "Password", in every language; the username's label
comes from the user model and is translated. This form gives the password the
translatable label Django's own login form has (``WAGTAILADMIN_USER_LOGIN_FORM``
names it).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")
