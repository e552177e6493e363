"""Text messages (SMS), through a backend chosen by the `SMS_BACKEND` setting (a dotted path), as
Django chooses its email backend:

- `coalition.sms.ConsoleBackend` (the default) prints each message;
- `coalition.sms.LocmemBackend` keeps them in `coalition.sms.outbox` (the tests' setting);
- `coalition.sms.TwilioBackend` sends them through Twilio's REST API over HTTPS, with the
  standard library, from `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` and `TWILIO_FROM_NUMBER`.

A backend raises `SmsError` when a message could not be sent; the caller records what was sent
and tries again later (events' reminder scan). Phone numbers are checked and written as E.164
(`+16175550123`) by `phone_e164`; a number without a country code is taken as North American.
"""

import base64
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

TWILIO_API = "https://api.twilio.com/2010-04-01"
PHONE_SEPARATORS = re.compile(r"[\s().\-/]")

PHONE_INVALID = _(
    "Enter a phone number that can receive text messages, like 617-555-0123, or with its "
    "country code, like +1 617 555 0123."
)


@dataclass(frozen=True)
class TextMessage:
    to: str  # E.164
    body: str


class SmsError(Exception):
    """A message could not be sent (the provider refused it or did not answer)."""


# Where LocmemBackend keeps what it "sends"; the tests empty it before each test.
outbox: list[TextMessage] = []


def phone_e164(value: str) -> str:
    """The number as E.164, or ValidationError with a message for the person who typed it."""
    digits = PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        number = digits[1:]
        if number.isdigit() and 8 <= len(number) <= 15 and not number.startswith("0"):
            return "+" + number
    elif digits.isdigit():
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        # North American numbers: area code and exchange never start with 0 or 1.
        if len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01":
            return "+1" + digits
    raise ValidationError(PHONE_INVALID, code="phone_invalid")


class BaseBackend:
    def send_messages(self, messages: list[TextMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Prints each message: development's default, nothing leaves the machine."""

    def send_messages(self, messages: list[TextMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return len(messages)


class LocmemBackend(BaseBackend):
    """Keeps each message in `coalition.sms.outbox`, for tests to read."""

    def send_messages(self, messages: list[TextMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class TwilioBackend(BaseBackend):
    """Twilio's Messages resource: one HTTPS POST per message, basic auth, `SMS_TIMEOUT`."""

    def __init__(self):
        self.account_sid = settings.TWILIO_ACCOUNT_SID
        self.auth_token = settings.TWILIO_AUTH_TOKEN
        self.from_number = settings.TWILIO_FROM_NUMBER
        if not (self.account_sid and self.auth_token and self.from_number):
            raise ImproperlyConfigured(
                "TwilioBackend needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER."
            )

    def request(self, message: TextMessage) -> urllib.request.Request:
        url = f"{TWILIO_API}/Accounts/{urllib.parse.quote(self.account_sid)}/Messages.json"
        data = urllib.parse.urlencode(
            {"To": message.to, "From": self.from_number, "Body": message.body}
        ).encode()
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    def send_messages(self, messages: list[TextMessage]) -> int:
        for message in messages:
            try:
                # The URL is the constant https address above, never one from input.
                with urllib.request.urlopen(  # nosec B310
                    self.request(message), timeout=settings.SMS_TIMEOUT
                ) as response:
                    json.load(response)
            except urllib.error.HTTPError as error:
                # Twilio's error code only: its message may repeat the number.
                try:
                    code = json.load(error).get("code")
                except ValueError:
                    code = None
                raise SmsError(f"Twilio answered {error.code} (error {code})") from None
            except (OSError, ValueError) as error:
                raise SmsError(f"Twilio could not be reached: {type(error).__name__}") from None
        return len(messages)


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_text(*, to: str, body: str) -> None:
    """Send one text message now through the configured backend; SmsError if it failed."""
    get_backend().send_messages([TextMessage(to=phone_e164(to), body=body)])
