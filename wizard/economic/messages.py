"""Every user-facing text of the e-conomic client, in English and Danish, in one table.

Why one table: the wizard, the tray and the CLI show these texts to a non-technical finance
admin, so each one names the fix, and a translator (or reviewer) can check both languages side
by side. Danish words follow e-conomic's own vocabulary (kassekladde, bilag, momskode, modkonto,
regnskabsår, aftalenummer) so the admin recognises them from the e-conomic screens.

Placeholders use `str.format` names; `render()` fills unknown ones with "?" instead of raising,
because an error message must never fail to build. Codes (HTTP status, e-conomic's error code,
logId) stay out of these sentences: `EconomicError.support_line()` carries them for support.
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One message in both languages: a short title and a sentence or two that says what to do."""

    title: str
    message: str
    title_da: str
    message_da: str


TEXTS: dict[str, Text] = {
    "not_authorised": Text(
        "Not connected to e-conomic",
        # e-conomic's menu path in the language of the text, as e-conomic shows it in each.
        "The app was removed in e-conomic (All settings → Extensions → Apps), or the token is "
        "wrong. Connect again from Settings.",
        "Ikke forbundet til e-conomic",
        "Appen er fjernet i e-conomic (Alle indstillinger → Udvidelser → Apps), eller tokenet "
        "er forkert. Forbind igen under Indstillinger.",
    ),
    "forbidden": Text(
        "Not allowed in e-conomic",
        "Your e-conomic user, or the role the app was added with, does not allow this. Ask "
        "the e-conomic administrator for access to bookkeeping and the journal, or add the app "
        "again with a user who has it.",
        "Ikke tilladt i e-conomic",
        "Din e-conomic-bruger, eller den rolle appen blev tilføjet med, giver ikke adgang til "
        "dette. Bed administratoren af e-conomic om adgang til bogføring og kassekladden, eller "
        "tilføj appen igen med en bruger, der har adgangen.",
    ),
    "forbidden_demo": Text(
        "The demo agreement is read-only",
        "The e-conomic demo agreement only allows reading, so nothing was posted. Connect the "
        "app to your own e-conomic agreement to transfer postings.",
        "Demoaftalen kan kun læses",
        "e-conomics demoaftale tillader kun læsning, så intet blev bogført. Forbind appen til "
        "jeres egen e-conomic-aftale for at overføre posteringer.",
    ),
    "not_found": Text(
        "Not found in e-conomic",
        "e-conomic could not find {what}: it may have been deleted, moved or renamed in "
        "e-conomic. Check in e-conomic, and choose again in the settings if needed.",
        "Ikke fundet i e-conomic",
        "e-conomic kunne ikke finde {what_da}: måske er det slettet, flyttet eller omdøbt i "
        "e-conomic. Tjek i e-conomic, og vælg igen i indstillingerne, hvis det er nødvendigt.",
    ),
    "validation_failed": Text(
        "e-conomic refused the posting",
        "e-conomic did not accept the posting: {summary} Correct it (for example the account, "
        "the VAT code or the contra account) in the settings or the posting file, and transfer "
        "again.",
        "e-conomic afviste posteringen",
        "e-conomic godkendte ikke posteringen: {summary} Ret fejlen (f.eks. kontoen, momskoden "
        "eller modkontoen) i indstillingerne eller i posteringsfilen, og overfør igen.",
    ),
    "period_closed": Text(
        "The accounting year or period is closed",
        "e-conomic does not accept postings dated in a closed accounting year or period: "
        "{summary} Ask the accountant to open it in e-conomic, or correct the date, and transfer "
        "again.",
        "Regnskabsåret eller perioden er lukket",
        "e-conomic modtager ikke posteringer dateret i et lukket regnskabsår eller en lukket "
        "periode: {summary} Bed bogholderen om at åbne den i e-conomic, eller ret datoen, og "
        "overfør igen.",
    ),
    "idempotency_conflict": Text(
        "Transfer stopped to avoid a double posting",
        "e-conomic has already received this transfer with different content. "
        "Nothing was posted twice. Run the transfer again; if this message comes back, contact "
        "support.",
        "Overførslen blev stoppet for at undgå dobbeltbogføring",
        "e-conomic har allerede modtaget denne overførsel med et andet indhold. Intet "
        "blev bogført to gange. Kør overførslen igen; kommer beskeden igen, så kontakt support.",
    ),
    "attachment_exists": Text(
        "The voucher already has a receipt",
        "Voucher {voucher} already has a file attached in e-conomic, so the receipt was not "
        "uploaded again. Check the voucher in e-conomic.",
        "Bilaget har allerede en kvittering",
        "Bilag {voucher} har allerede en vedhæftet fil i e-conomic, så kvitteringen blev ikke "
        "sendt igen. Tjek bilaget i e-conomic.",
    ),
    "attachment_too_large": Text(
        "Receipt too large",
        "The receipt {filename} is {size_mb} MB; e-conomic accepts at most 9 MB per file. Make it "
        "smaller (for example scan it at a lower resolution) and transfer again.",
        "Kvitteringen er for stor",
        "Kvitteringen {filename} fylder {size_mb} MB; e-conomic modtager højst 9 MB pr. fil. Gør "
        "den mindre (f.eks. scan med lavere opløsning), og overfør igen.",
    ),
    "attachment_file_type": Text(
        "Receipt type not accepted",
        "The receipt {filename} is not a file type e-conomic accepts. Save it as PDF, JPG, PNG "
        "or GIF and transfer again.",
        "Kvitteringens filtype accepteres ikke",
        "Kvitteringen {filename} er ikke en filtype, e-conomic modtager. Gem den som PDF, JPG, "
        "PNG eller GIF, og overfør igen.",
    ),
    "attachment_empty": Text(
        "Receipt is empty",
        "The receipt {filename} is an empty file. Replace it with the real receipt and transfer "
        "again.",
        "Kvitteringen er tom",
        "Kvitteringen {filename} er en tom fil. Erstat den med den rigtige kvittering, og overfør "
        "igen.",
    ),
    "attachment_refused": Text(
        "e-conomic refused the receipt",
        "e-conomic did not accept the receipt {filename}: {detail} Use a PDF, JPG, PNG or GIF "
        "file under 9 MB and transfer again.",
        "e-conomic afviste kvitteringen",
        "e-conomic modtog ikke kvitteringen {filename}: {detail} Brug en PDF-, JPG-, PNG- eller "
        "GIF-fil under 9 MB, og overfør igen.",
    ),
    "rate_limited": Text(
        "e-conomic asks the app to slow down",
        "e-conomic has received too many requests for this company. Nothing was lost; try again "
        "in {wait}.",
        "e-conomic beder appen om at vente",
        "e-conomic har modtaget for mange forespørgsler for denne virksomhed. Intet er gået "
        "tabt; prøv igen om {wait_da}.",
    ),
    "server_error": Text(
        "e-conomic has a problem",
        "e-conomic reported an error on its side. Wait a few minutes and try "
        "again; if it goes on, check e-conomic's status page.",
        "e-conomic har et problem",
        "e-conomic meldte en fejl hos sig selv. Vent et par minutter, og prøv "
        "igen; fortsætter det, så tjek e-conomics driftsstatus.",
    ),
    "network": Text(
        "Cannot reach e-conomic",
        "The app could not connect to e-conomic. Check the internet connection (and any proxy "
        "or firewall) and try again.",
        "Kan ikke få forbindelse til e-conomic",
        "Appen kunne ikke forbinde til e-conomic. Tjek internetforbindelsen (og evt. proxy eller "
        "firewall), og prøv igen.",
    ),
    "network_timeout": Text(
        "e-conomic did not answer",
        "e-conomic did not answer in time. Check the internet connection and try again in a few "
        "minutes.",
        "e-conomic svarede ikke",
        "e-conomic svarede ikke i tide. Tjek internetforbindelsen, og prøv igen om et par "
        "minutter.",
    ),
    "network_tls": Text(
        "Secure connection to e-conomic failed",
        "The secure (HTTPS) connection to e-conomic could not be verified. A proxy or antivirus "
        "program may be intercepting it; ask your IT support, then try again.",
        "Sikker forbindelse til e-conomic mislykkedes",
        "Den sikre (HTTPS) forbindelse til e-conomic kunne ikke bekræftes. En proxy eller et "
        "antivirusprogram opsnapper den måske; spørg jeres IT-support, og prøv igen.",
    ),
    "unknown_outcome": Text(
        "Not sure the posting arrived",
        "The connection to e-conomic broke after the posting was sent, so it may or may not be "
        "in the journal. Do not post it by hand: the next transfer checks e-conomic first and "
        "sends it only if it is missing.",
        "Usikkert om posteringen kom frem",
        "Forbindelsen til e-conomic blev afbrudt, efter posteringen var sendt, så den står måske "
        "i kassekladden, måske ikke. Bogfør den ikke i hånden: næste overførsel tjekker e-conomic "
        "først og sender den kun, hvis den mangler.",
    ),
    "insecure_url": Text(
        "Unsafe e-conomic address",
        "The address {url} does not use a secure connection (https://), so the app will not "
        "send the tokens there. Use https://restapi.e-conomic.com, or remove the "
        "ACUBIZ_EXPORT_API_URL setting.",
        "Usikker e-conomic-adresse",
        "Adressen {url} bruger ikke en sikker forbindelse (https://), så appen sender ikke "
        "tokens dertil. Brug https://restapi.e-conomic.com, eller fjern indstillingen "
        "ACUBIZ_EXPORT_API_URL.",
    ),
    "bad_url": Text(
        "Invalid e-conomic address",
        "The e-conomic address {url} is not a usable web address ({problem}). Use "
        "https://restapi.e-conomic.com, or correct the ACUBIZ_EXPORT_API_URL setting.",
        "Ugyldig e-conomic-adresse",
        "e-conomic-adressen {url} er ikke en brugbar webadresse ({problem}). Brug "
        "https://restapi.e-conomic.com, eller ret indstillingen ACUBIZ_EXPORT_API_URL.",
    ),
    "foreign_link": Text(
        "Unexpected address from e-conomic",
        "e-conomic pointed the app to another server ({host}); the app will not send the tokens "
        "there. Check the e-conomic address in the settings.",
        "Uventet adresse fra e-conomic",
        "e-conomic henviste appen til en anden server ({host}); appen sender ikke tokens dertil. "
        "Tjek e-conomic-adressen i indstillingerne.",
    ),
    "unexpected_response": Text(
        "Unexpected answer from e-conomic",
        "e-conomic answered in a way the app does not understand. Try again "
        "later; if it goes on, contact support.",
        "Uventet svar fra e-conomic",
        "e-conomic svarede på en måde, appen ikke forstår. Prøv igen senere; "
        "fortsætter det, så kontakt support.",
    ),
    "no_accounting_year": Text(
        "No accounting year for the date",
        "e-conomic has no accounting year that contains {date}. Create the accounting year in "
        "e-conomic (or correct the date) and transfer again.",
        "Intet regnskabsår for datoen",
        "e-conomic har intet regnskabsår, der indeholder {date}. Opret regnskabsåret i e-conomic "
        "(eller ret datoen), og overfør igen.",
    ),
    "invalid_grant_token": Text(
        "That is not an e-conomic token",
        "{reason} Copy the token again from e-conomic (All settings → Extensions → Apps, the "
        "column 'Access ID') or from the page shown after 'Add app', and paste it here.",
        "Det er ikke et e-conomic-token",
        "{reason_da} Kopiér tokenet igen fra e-conomic (Alle indstillinger → Udvidelser → Apps, "
        "kolonnen 'Adgangs-ID') eller fra siden, der vises efter 'Tilføj app', og indsæt det "
        "her.",
    ),
}

# Short phrases that fill placeholders, also in both languages.
PHRASES: dict[str, tuple[str, str]] = {
    "thing": ("what was asked for", "det, der blev spurgt efter"),
    "journal": ("the journal {number}", "kassekladde {number}"),
    "voucher": ("voucher {number}", "bilag {number}"),
    "attachment": ("the receipt on voucher {number}", "kvitteringen på bilag {number}"),
    "accounting_year": ("accounting year {number}", "regnskabsår {number}"),
    "seconds": ("{n} seconds", "{n} sekunder"),
    "minutes": ("{n} minutes", "{n} minutter"),
    "a_moment": ("a moment", "et øjeblik"),
    "empty": ("Nothing was pasted.", "Der blev ikke indsat noget."),
    "too_short": (
        "The token is too short ({length} characters; e-conomic tokens have about 44).",
        "Tokenet er for kort ({length} tegn; e-conomic-tokens har omkring 44).",
    ),
    "too_long": (
        "The token is too long ({length} characters; e-conomic tokens have about 44).",
        "Tokenet er for langt ({length} tegn; e-conomic-tokens har omkring 44).",
    ),
    "bad_characters": (
        "The token contains characters that e-conomic tokens never have ({chars}).",
        "Tokenet indeholder tegn, som e-conomic-tokens aldrig har ({chars}).",
    ),
    "add_app_address": (
        "That is the address of the 'Add app' page, not the token.",
        "Det er adressen på siden 'Tilføj app', ikke tokenet.",
    ),
    "address_without_token": (
        "The pasted address contains no token.",
        "Den indsatte adresse indeholder intet token.",
    ),
}


def render(key: str, **params: object) -> tuple[str, str, str, str]:
    """(title, message, title_da, message_da) for `key`, with the placeholders filled in."""
    text = TEXTS[key]
    values = _Lenient({k: "" if v is None else str(v) for k, v in params.items()})
    fmt = string.Formatter()
    return (
        fmt.vformat(text.title, (), values),
        fmt.vformat(text.message, (), values),
        fmt.vformat(text.title_da, (), values),
        fmt.vformat(text.message_da, (), values),
    )


def phrase(key: str, **params: object) -> tuple[str, str]:
    """(English, Danish) for a short phrase from `PHRASES`, placeholders filled in."""
    english, danish = PHRASES[key]
    values = _Lenient({k: str(v) for k, v in params.items()})
    fmt = string.Formatter()
    return fmt.vformat(english, (), values), fmt.vformat(danish, (), values)


class _Lenient(dict):
    """A format mapping that shows a missing placeholder as "?" rather than raising."""

    def __missing__(self, key: str) -> str:
        return "?"
