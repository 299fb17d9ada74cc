"""The small HTML documents task-api answers and mails: a link's page, a verification mail."""

from html import escape

STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:32rem;margin:3rem auto;"
    "padding:0 1rem;color:#1f2328}"
    "p{overflow-wrap:anywhere}"
    "button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1f6feb;"
    "color:#fff;cursor:pointer}"
    "button:focus-visible{outline:3px solid #0a3069;outline-offset:2px}"
)


def html_page(language: str, title: str, body: str) -> str:
    """A document in `language` titled `title` (escaped here) around `body` (escaped already),
    readable on a phone."""
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
