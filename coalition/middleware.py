"""Security headers the whole site shares, beside django-csp's Content-Security-Policy."""

from django.conf import settings

from coalition.http import no_store

# The account pages (allauth: sign-in, signup, email, password, codes by email, two-factor
# and its recovery codes) carry secrets or say who someone is: no cache may keep them.
NO_STORE_PREFIXES = ("/accounts/",)


class SecurityHeadersMiddleware:
    """Adds `Permissions-Policy` to every response, and `Cache-Control: no-store` to every
    account and two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        if request.path_info.startswith(NO_STORE_PREFIXES):
            no_store(response)
        return response
