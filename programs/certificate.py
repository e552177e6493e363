"""The participation certificate, a PDF made with WeasyPrint from our own markup (as the
leads' board packet is): tagged PDF/UA, in the participant's language, nothing fetched."""

from django.template.loader import render_to_string


def pdf_available() -> bool:
    """WeasyPrint needs Pango from the system."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _no_fetching(url, *args, **kwargs):
    # Our own markup and one local stylesheet: nothing to fetch, nothing a name could make the
    # server fetch.
    raise ValueError(f"not fetched: {url}")


def certificate_pdf(*, application, attended: int, stylesheet: str | None, today) -> bytes:
    import weasyprint

    html = render_to_string(
        "programs/certificate.html",
        {
            "application": application,
            "program": application.call.program,
            "call": application.call,
            "attended": attended,
            "today": today,
        },
    )
    stylesheets = [weasyprint.CSS(filename=stylesheet)] if stylesheet else []
    return weasyprint.HTML(string=html, base_url="/", url_fetcher=_no_fetching).write_pdf(
        stylesheets=stylesheets, presentational_hints=True, pdf_variant="pdf/ua-1"
    )
