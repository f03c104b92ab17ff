"""e-conomic's "add app" grant page (secure.e-conomic.com/secure/api1/requestaccess.aspx).

The customer opens the app's installation URL, sees what the app gets access to and presses
"Tilføj app" / "Add app". The sandbox then issues a new grant token for the demo agreement and
either redirects to `redirectUrl?token=<grant>` (303) or shows the "Tilføjet" / "Added" page
with the token in a grey box to copy (reference §1.2, §1.3). Wording follows the real Danish
pages; English is the default locale. `appId` is accepted as a legacy alias of `appPublicToken`.
There is no login: the sandbox's only user is always signed in.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit, urlunsplit

from werkzeug.wrappers import Request, Response

from wizard.sandbox import seed
from wizard.sandbox.store import Store

PATH = "/secure/api1/requestaccess.aspx"
# Stand-in for "Alle indstillinger -> Udvidelser -> Apps": the agreement's grants.
APPS_PATH = "/secure/settings/apps"

TEXTS = {
    "da": {
        "title": "Vil du tilføje appen til din aftale?",
        "intro": "Appen <strong>{app}</strong> vil gerne have adgang til din e-conomic-aftale. "
                 "Ved at tilføje appen får den adgang til følgende data:",
        "for_user": "Appen bliver tilføjet for brugeren <strong>{user}</strong> på aftalenr. "
                    "<strong>{agreement}</strong>.",
        "switch_user": "Skift bruger",
        "button": "Tilføj app",
        "footer": "Du kan altid fjerne appen igen via Alle indstillinger -> Udvidelser -> Apps i "
                  "e-conomic. Bemærk, at e-conomic ikke foretager nogen garantier vedrørende "
                  "pålideligheden af den tredjepart, der sendte dig til denne webside.",
        "added_title": "Tilføjet",
        "added_body": "Appen <strong>{app}</strong> er nu tilføjet din aftale. Du skal muligvis "
                      "sende ID'et herunder til udbyderen af appen, for at appen kan få adgang.",
        "go": "Gå til e-conomic",
        "added_footer": "Du kan også finde ID'et via Alle indstillinger -> Udvidelser -> Apps i "
                        "e-conomic.",
        "error_title": "Appen kunne ikke findes",
        "unknown_app": "Der findes ingen app med det offentlige token <code>{token}</code>. "
                       "Kontrollér adressen, som udbyderen af appen har givet dig.",
        "missing_app": "Adressen mangler parameteren <code>appPublicToken</code>.",
        "bad_redirect_title": "Ugyldig omdirigering",
        "bad_redirect": "Adressen i <code>redirectUrl</code> skal begynde med http:// eller "
                        "https://.",
        "sandbox": "Lokal sandkasse – ikke den rigtige e-conomic",
        "apps_title": "Apps",
        "apps_columns": ("UserId", "Appnavn", "Adgangs-ID"),
        "apps_none": "Der er ingen apps på aftalen.",
    },
    "en": {
        "title": "Do you want to add the app to your agreement?",
        "intro": "The app <strong>{app}</strong> would like access to your e-conomic agreement. "
                 "By adding the app, it gets access to the following data:",
        "for_user": "The app will be added for the user <strong>{user}</strong> on agreement "
                    "no. <strong>{agreement}</strong>.",
        "switch_user": "Switch user",
        "button": "Add app",
        "footer": "You can always remove the app again via All settings -> Extensions -> Apps in "
                  "e-conomic. Please note that e-conomic makes no guarantees regarding the "
                  "reliability of the third party that sent you to this web page.",
        "added_title": "Added",
        "added_body": "The app <strong>{app}</strong> has now been added to your agreement. You "
                      "may need to send the ID below to the provider of the app so the app can "
                      "get access.",
        "go": "Go to e-conomic",
        "added_footer": "You can also find the ID via All settings -> Extensions -> Apps in "
                        "e-conomic.",
        "error_title": "The app was not found",
        "unknown_app": "There is no app with the public token <code>{token}</code>. Check the "
                       "address the app's provider gave you.",
        "missing_app": "The address is missing the <code>appPublicToken</code> parameter.",
        "bad_redirect_title": "Invalid redirect",
        "bad_redirect": "The address in <code>redirectUrl</code> must start with http:// or "
                        "https://.",
        "sandbox": "Local sandbox – not the real e-conomic",
        "apps_title": "Apps",
        "apps_columns": ("UserId", "App name", "Access ID"),
        "apps_none": "There are no apps on the agreement.",
    },
}

STYLE = """
body { margin: 0; background: #f2f4f7; color: #1d2a3a;
       font: 15px/1.5 "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
header { background: #ffffff; border-bottom: 1px solid #dde3ea; padding: 14px 32px; }
header .logo { font-weight: 700; font-size: 20px; color: #0a4a8f; letter-spacing: -0.5px; }
header .note { float: right; font-size: 12px; color: #8a96a3; margin-top: 6px; }
main { max-width: 560px; margin: 48px auto; background: #ffffff; border-radius: 6px;
       box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 32px 40px; }
h1 { font-size: 22px; font-weight: 600; margin: 0 0 16px; }
ul { padding-left: 20px; margin: 8px 0 20px; }
li { margin: 2px 0; }
.button { display: inline-block; background: #0a6ebd; color: #ffffff; border: 0;
          border-radius: 4px; padding: 10px 26px; font-size: 15px; font-weight: 600;
          cursor: pointer; text-decoration: none; }
.button:hover { background: #08599a; }
.token { background: #eceff3; border: 1px solid #d5dbe2; border-radius: 4px; padding: 12px 14px;
         font: 15px/1.4 Consolas, "Courier New", monospace; word-break: break-all;
         margin: 16px 0 24px; user-select: all; }
.footer { color: #6b7785; font-size: 13px; margin-top: 28px; border-top: 1px solid #e6eaee;
          padding-top: 16px; }
a { color: #0a6ebd; }
table.apps { border-collapse: collapse; width: 100%; font-size: 13px; }
table.apps th, table.apps td { text-align: left; padding: 6px 8px;
                              border-bottom: 1px solid #e6eaee; }
code { background: #eceff3; padding: 1px 4px; border-radius: 3px; }
"""


class AddAppPage:
    """GET shows the question, POST (the button) issues a grant."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, request: Request) -> Response:
        if request.path == APPS_PATH:
            return self.apps(request)
        if request.path != PATH:
            return _page("en", "404", "<p>Not found.</p>", 404)
        source = request.form if request.method == "POST" else request.args
        params = {key.lower(): value for key, value in source.items()}
        locale = params.get("locale", "en-GB")
        lang = "da" if locale.lower().startswith("da") else "en"
        texts = TEXTS[lang]
        token = params.get("apppublictoken") or params.get("appid") or ""
        redirect_url = params.get("redirecturl") or ""
        if request.method not in ("GET", "HEAD", "POST"):
            return Response("Method not allowed", status=405, headers={"Allow": "GET, POST"})
        if not token:
            return _page(lang, texts["error_title"], f"<p>{texts['missing_app']}</p>", 400)
        if token != seed.APP_PUBLIC_TOKEN:
            body = f"<p>{texts['unknown_app'].format(token=escape(token))}</p>"
            return _page(lang, texts["error_title"], body, 404)
        if redirect_url and urlsplit(redirect_url).scheme.lower() not in ("http", "https"):
            return _page(lang, texts["bad_redirect_title"], f"<p>{texts['bad_redirect']}</p>", 400)
        if request.method == "POST":
            grant = self.store.create_grant()
            if redirect_url:
                return Response(status=303, headers={"Location": with_token(redirect_url, grant)})
            return self._added(lang, grant, request)
        return self._question(lang, token, redirect_url, locale)

    def apps(self, request: Request) -> Response:
        lang = "da" if request.args.get("locale", "").lower().startswith("da") else "en"
        texts = TEXTS[lang]
        rows = "".join(
            f"<tr><td>{escape(seed.USER['loginId'])}</td><td>{escape(seed.APP_NAME)}</td>"
            f"<td><code>{escape(g['token'])}</code></td></tr>"
            for g in self.store.grants()
            if not g["revoked"]
        )
        head = "".join(f"<th>{name}</th>" for name in texts["apps_columns"])
        body = (
            f'<table class="apps"><tr>{head}</tr>{rows}</table>'
            if rows
            else f"<p>{texts['apps_none']}</p>"
        )
        return _page(lang, texts["apps_title"], body)

    def _question(self, lang: str, token: str, redirect_url: str, locale: str) -> Response:
        texts = TEXTS[lang]
        features = "".join(f"<li>{escape(f)}</li>" for f in seed.APP_FEATURES[lang])
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{escape(value)}">'
            for name, value in (("appPublicToken", token), ("redirectUrl", redirect_url),
                                ("locale", locale))
            if value
        )
        body = f"""
<p>{texts['intro'].format(app=escape(seed.APP_NAME))}</p>
<ul>{features}</ul>
<p>{texts['for_user'].format(user=escape(seed.USER['loginId']),
                             agreement=seed.AGREEMENT_NUMBER)}
   <a href="#">{texts['switch_user']}</a></p>
<form method="post" action="{PATH}">{hidden}
  <button class="button" type="submit" name="add" value="1">{texts['button']}</button>
</form>
<p class="footer">{texts['footer']}</p>"""
        return _page(lang, texts["title"], body)

    def _added(self, lang: str, grant: str, request: Request) -> Response:
        texts = TEXTS[lang]
        body = f"""
<p>{texts['added_body'].format(app=escape(seed.APP_NAME))}</p>
<div class="token" id="token">{escape(grant)}</div>
<a class="button" href="{APPS_PATH}?locale={lang_locale(lang)}">{texts['go']}</a>
<p class="footer">{texts['added_footer']}</p>"""
        return _page(lang, texts["added_title"], body)


def lang_locale(lang: str) -> str:
    return "da-DK" if lang == "da" else "en-GB"


def with_token(redirect_url: str, grant: str) -> str:
    """`redirectUrl` with `token=<grant>` added to its query.

    UNCONFIRMED (reference §1.3): whether e-conomic keeps an existing query string and appends
    `&token=`; we do, and keep any #fragment at the end.
    """
    parts = urlsplit(redirect_url)
    query = f"{parts.query}&token={grant}" if parts.query else f"token={grant}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _page(lang: str, title: str, body: str, status: int = 200) -> Response:
    html = f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – e-conomic</title><style>{STYLE}</style></head>
<body>
<header><span class="logo">e-conomic</span>
<span class="note">{TEXTS[lang]['sandbox']}</span></header>
<main><h1>{escape(title)}</h1>{body}
</main>
</body>
</html>
"""
    return Response(html, status=status, content_type="text/html; charset=utf-8")
