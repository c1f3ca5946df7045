"""The language of a request: `?lang=`, else the saved choice (cookie), else Accept-Language."""

from fastapi import Request

from chainrule.engine.catalogs import i18n

COOKIE = "chainrule.lang"


def accepted(header: str | None) -> list[str]:
    """Accept-Language's tags, most wanted first (q=0 dropped), e.g. ["ko-KR", "ko", "en"]."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            ranked.append((-q, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def api_language(request: Request) -> str:
    """The API answers in the language of Accept-Language (default English)."""
    return i18n.pick(*accepted(request.headers.get("accept-language")))


def page_language(request: Request) -> str:
    """Pages: an explicit ?lang=, else the visitor's saved choice, else the browser's languages."""
    for asked in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if lang := i18n.match(asked):
            return lang
    return api_language(request)
