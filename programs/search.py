"""What the site search finds of programs (coalition.search): every program, as the list shows
them (programs.selectors.public_programs); never a call's questions nor anyone's application."""

from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.translation import localized
from programs.models import PROGRAM_DOCUMENT, Program
from programs.selectors import public_programs


def _line(program: Program) -> str:
    """Its host, and whether a call is open now (`open_calls`, counted in the same query)."""
    parts = [localized(program.host, "name")]
    if getattr(program, "open_calls", 0):
        parts.append(_("Open for applications"))
    if program.is_example:
        parts.insert(0, _("Example"))
    return " · ".join(str(part) for part in parts)


def register() -> None:
    search.register(
        search.Kind(
            name="programs",
            label=_("Programs"),
            document=PROGRAM_DOCUMENT,
            queryset=public_programs,
            scopes=("programs", "partners"),
            line=_line,
            ordering=("-open_calls", "id"),
            position=70,
        )
    )
