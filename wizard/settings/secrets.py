"""Tokens live in the OS credential store (keyring) and nowhere else.

Two kinds of secret, both under the keyring service `acubiz-export`:

- the **grant token** of each export profile, user name `grant-token/<profile name>`: each
  profile may post to a different e-conomic agreement (company), and the admin can revoke one
  without touching the others;
- the **app secret token**, user name `app-secret-token/<API base URL>` (lower-case scheme and
  host, no trailing slash; None means `https://restapi.e-conomic.com`): the app secret belongs
  to the app registration of one e-conomic environment, so the real e-conomic and the local
  sandbox each keep their own and never overwrite each other.

Every write is read back once and compared. Every failure of the store, whatever the backend
(Windows Credential Manager, macOS Keychain, GNOME Keyring/KWallet over D-Bus), becomes one
`SecretStoreError` with a title and a message that says what to do. There is NO plaintext
fallback: a missing or insecure store is an error the user sees, never a file on disk.

Every call into `keyring` (get, set, delete, even finding the backend) runs in a daemon thread
and is given up after `KEYRING_TIMEOUT_SECONDS`: with a D-Bus session but no Secret Service
answering, a plain call hangs for minutes (a `transfer` once waited 121 s). A store that did
not answer is reported like a missing one; while that call is still stuck, later calls fail at
once instead of each waiting the timeout again, and work again as soon as it returns (e.g.
after the admin typed the keyring password into a prompt).

On Linux the Secret Service is asked over ONE D-Bus connection per process
(`wizard.settings.secret_service`), not keyring's new connection per call: gnome-keyring 42
aborts now and then on a new client's first request (issue 15), so the program makes as few
new clients as it can.

The one exception is the demo (`acubiz-export demo`) on a machine without a password store:
it may switch on `wizard.settings.demo_tokens`, a file that holds the local sandbox's tokens
and refuses every token for an address that is not on this computer (see there).

Tokens are handed out as `SecretToken`, a `str` whose repr hides all but the last characters,
so a token that ends up in a log line, a traceback or a test failure is not leaked.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:  # keyring (and its backends' crypto) loads on the first call, not at import
    from keyring.backend import KeyringBackend

from wizard.messages import AdminError
from wizard.settings.token_names import APP_SECRET_PREFIX, GRANT_PREFIX

SERVICE = "acubiz-export"
DEFAULT_API_BASE_URL = "https://restapi.e-conomic.com"

# Long enough for a keyring that has to start (gnome-keyring activated over D-Bus takes about a
# second), short enough that a hung store never holds up a run or a wizard page for long.
KEYRING_TIMEOUT_SECONDS = 5.0

T = TypeVar("T")

# keyring backends are not all thread-safe (D-Bus connections are shared); the tray's worker
# and the GUI thread may both ask. Held by the worker thread that does the call.
_lock = threading.RLock()
# Worker threads whose call was given up but has not returned yet.
_stuck: list[threading.Thread] = []
_stuck_lock = threading.Lock()

_NO_STORE_FIX = (
    "On Linux, install and unlock GNOME Keyring or KWallet (for example the package"
    " gnome-keyring) and log in again; or run the program on Windows or macOS, which have one"
    " built in. The token is never saved in a plain file instead."
)
_NO_STORE_FIX_DA = (
    "På Linux: installér og lås GNOME Keyring eller KWallet op (f.eks. pakken gnome-keyring),"
    " og log ind igen; eller kør programmet på Windows eller macOS, som har et indbygget. Tokenet"
    " gemmes aldrig i en almindelig fil i stedet."
)
_ACTIONS_DA = {"save": "gemme", "read": "læse", "remove": "fjerne"}
_UNAVAILABLE_DA = "Adgangskodelageret er ikke tilgængeligt"
# Backends that "work" but protect nothing (or store nothing): refused like a missing store.
_INSECURE_BACKENDS = {
    "keyring.backends.null.Keyring",
    "keyring.backends.fail.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",  # the password to it would have to be stored too
}


class SecretStoreError(AdminError):
    """The credential store failed; `title` and `message` are for the user (English;
    `title_da` / `message_da` are the Danish twins, `text(language)` picks), `backend` says
    which store was in use (for support)."""

    def __init__(
        self, title: str, message: str, backend: str, *, title_da: str | None = None,
        message_da: str | None = None,
    ) -> None:
        super().__init__(title, message, title_da=title_da, message_da=message_da)
        self.backend = backend


class SecretToken(str):
    """A token that does not show itself in reprs: `SecretToken('…dTI1')`.

    It is a real `str` (headers, comparisons and `str()` see the whole value); only `repr`,
    which logs, tracebacks and debuggers use, is redacted.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        tail = self[-4:] if len(self) >= 16 else ""
        return f"SecretToken('…{tail}')"


def backend_name() -> str:
    """The credential store in use, for messages and support ("SecretService Keyring").

    Never hangs and never raises: "unknown" when the store cannot even be found in time.
    """
    from wizard.settings.demo_tokens import active_store

    demo = active_store()
    if demo is not None:
        return demo.name
    try:
        import keyring

        return _with_timeout(lambda: str(keyring.get_keyring().name))
    except Exception:  # a broken backend must not break the error message about it
        return "unknown"


def os_store_problem() -> SecretStoreError | None:
    """None when the OS password store can keep a secret now (write, read back, delete a probe
    entry); otherwise the error a real save would give. For the demo, which must know before
    the admin's last click whether the tokens can be kept (issue 15: "Finish" failed with "No
    secure password store"). Always asks the OS store, never the demo's file."""
    import keyring
    import keyring.errors

    user = "probe/acubiz-export-demo"

    def round_trip(backend: KeyringBackend) -> None:
        backend.set_password(SERVICE, user, "probe")
        kept = backend.get_password(SERVICE, user) == "probe"
        with contextlib.suppress(Exception):  # a leftover probe entry harms nothing
            backend.delete_password(SERVICE, user)
        if not kept:
            raise keyring.errors.PasswordSetError("the probe entry was not kept")

    def locked() -> None:
        with _lock:
            backend = _os_backend()
            _refuse_insecure(backend)
            round_trip(backend)

    try:
        _with_timeout(locked)
    except _NoAnswer:
        return _no_answer()
    except Exception as error:
        return _translate(error, "save", None)
    return None


# -- grant tokens (one per profile) -----------------------------------------------------------


def store_grant_token(profile_name: str, token: str, api_base_url: str | None = None) -> None:
    """Keep the profile's grant token; read it back once to be sure the store kept it.

    `api_base_url` (the address the token is for) matters only to the demo's token file,
    which must know it is the sandbox's; the OS keyring files the token by profile alone.
    """
    _store(
        _grant_user(profile_name), token, "the e-conomic access (grant) token",
        "adgangstokenet (grant token) til e-conomic", api_base_url=api_base_url,
    )


def load_grant_token(profile_name: str) -> SecretToken | None:
    """The profile's grant token, or None when it has none (not yet connected)."""
    return _load(_grant_user(profile_name))


def delete_grant_token(profile_name: str) -> None:
    """Forget the profile's grant token; nothing happens when there is none."""
    _delete(_grant_user(profile_name))


def rename_grant_token(old_profile_name: str, new_profile_name: str) -> None:
    """Move a grant token along when a profile is renamed (store new, then delete old)."""
    token = load_grant_token(old_profile_name)
    if token is None or old_profile_name == new_profile_name:
        return
    store_grant_token(new_profile_name, token)
    delete_grant_token(old_profile_name)


# -- app secret token (one per API base URL) --------------------------------------------------


def store_app_secret(token: str, api_base_url: str | None = None) -> None:
    """Keep the app secret token for the e-conomic at `api_base_url` (None: the real one)."""
    _store(
        _app_user(api_base_url), token, "the app secret token",
        "appens hemmelige token (app secret token)",
    )


def load_app_secret(api_base_url: str | None = None) -> SecretToken | None:
    """The app secret token for `api_base_url`, or None when none is stored."""
    return _load(_app_user(api_base_url))


def delete_app_secret(api_base_url: str | None = None) -> None:
    """Forget the app secret token for `api_base_url`; nothing happens when there is none."""
    _delete(_app_user(api_base_url))


def normalise_api_base_url(api_base_url: str | None) -> str:
    """The form an API base URL is filed under: `HTTPS://Host/` → `https://host`."""
    if not api_base_url:
        return DEFAULT_API_BASE_URL
    parts = urlsplit(api_base_url.strip())
    netloc = parts.netloc.lower()
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{netloc}{path}"


# -- the store --------------------------------------------------------------------------------


def _grant_user(profile_name: str) -> str:
    if not profile_name or not profile_name.strip():
        raise ValueError("a grant token needs a profile name")
    return GRANT_PREFIX + profile_name


def _app_user(api_base_url: str | None) -> str:
    return APP_SECRET_PREFIX + normalise_api_base_url(api_base_url)


def _store(
    user: str, token: str, what: str, what_da: str, *, api_base_url: str | None = None
) -> None:
    if not token:
        raise ValueError("refusing to store an empty token")
    token = str(token)

    def write(backend: KeyringBackend) -> None:
        backend.set_password(SERVICE, user, token)
        if backend.get_password(SERVICE, user) != token:
            raise SecretStoreError(
                "Token not saved",
                f"The password store ({_name(backend)}) did not keep {what}: reading it back"
                " gave something else. Unlock the password store, make sure it is not"
                " read-only, and try again.",
                _name(backend),
                title_da="Tokenet blev ikke gemt",
                message_da=f"Adgangskodelageret ({_name(backend)}) beholdt ikke {what_da}: da"
                " det blev læst igen, var det noget andet. Lås adgangskodelageret op, sørg for,"
                " at det ikke er skrivebeskyttet, og prøv igen.",
            )

    _call(write, token, action="save", user=user, api_base_url=api_base_url)


def _load(user: str) -> SecretToken | None:
    value = _call(
        lambda backend: backend.get_password(SERVICE, user), None, action="read", user=user
    )
    return SecretToken(value) if value else None


def _delete(user: str) -> None:
    import keyring.errors

    def remove(backend: KeyringBackend) -> None:
        if backend.get_password(SERVICE, user) is None:
            return
        try:
            backend.delete_password(SERVICE, user)
        except keyring.errors.PasswordDeleteError:
            if backend.get_password(SERVICE, user) is not None:
                raise  # still there: a real failure

    _call(remove, None, action="remove", user=user)


def _call(
    operation: Callable[[KeyringBackend], T], secret: str | None, *, action: str, user: str,
    api_base_url: str | None = None,
) -> T:
    """Run one keyring operation under the lock, with the timeout; every failure becomes a
    SecretStoreError. The one way into `keyring` for everything in this module (and into the
    demo's token file when the demo switched it on; `user` and `api_base_url` let it refuse
    every token that is not the sandbox's)."""
    from wizard.settings.demo_tokens import DemoStoreRefused, active_store

    demo = active_store()
    if demo is not None:
        try:
            if action == "save":  # the file only ever holds what passed this check
                demo.check(user, api_base_url)
            return operation(demo)  # type: ignore[arg-type]
        except DemoStoreRefused as error:
            raise _demo_refused(str(error)) from None
        except (OSError, ValueError) as error:
            raise _translate(error, action, secret) from None

    def locked() -> T:
        with _lock:
            backend = _os_backend()
            _refuse_insecure(backend)
            return operation(backend)

    try:
        return _with_timeout(locked)
    except SecretStoreError:
        raise
    except _NoAnswer:
        raise _no_answer() from None
    except Exception as error:
        raise _translate(error, action, secret) from None


def _os_backend() -> KeyringBackend:
    """keyring's backend, except that its Secret Service backend is swapped for one that keeps
    ONE D-Bus connection for the process (`wizard.settings.secret_service`): keyring's own opens
    a new one, so a new client of gnome-keyring, for every call, and gnome-keyring 42 aborts now
    and then on a new client (issue 15). Call with `_lock` held."""
    import keyring

    backend = keyring.get_keyring()
    kind = type(backend)
    if f"{kind.__module__}.{kind.__qualname__}" == "keyring.backends.SecretService.Keyring":
        from wizard.settings.secret_service import shared_for  # needs secretstorage (Linux)

        return shared_for(backend)
    return backend


class _NoAnswer(Exception):
    """The keyring call did not return within KEYRING_TIMEOUT_SECONDS."""


def _with_timeout(call: Callable[[], T]) -> T:
    """`call()` in a daemon thread; its result or exception, or `_NoAnswer` after the timeout.

    The thread cannot be killed: a call that never returns stays parked as a daemon (it does
    not keep the process alive), and until it returns every new call fails at once.
    """
    with _stuck_lock:
        _stuck[:] = [thread for thread in _stuck if thread.is_alive()]
        if _stuck:
            raise _NoAnswer
    outcome: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error
        finally:
            done.set()

    thread = threading.Thread(target=work, name="keyring-call", daemon=True)
    thread.start()
    if not done.wait(KEYRING_TIMEOUT_SECONDS):
        with _stuck_lock:
            _stuck.append(thread)
        raise _NoAnswer
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _no_answer() -> SecretStoreError:
    """The plain "no password store" error, saying that it did not answer and what to do."""
    seconds = f"{KEYRING_TIMEOUT_SECONDS:g}"
    seconds_da = seconds.replace(".", ",")  # Danish decimal comma
    return SecretStoreError(
        "No secure password store",
        f"The password store did not answer within {seconds} seconds, so the e-conomic token"
        " cannot be kept or read safely. If a window asks for the keyring password, unlock it"
        f" and try again. {_NO_STORE_FIX}",
        "unknown",
        title_da="Intet sikkert adgangskodelager",
        message_da=f"Adgangskodelageret svarede ikke inden for {seconds_da} sekunder, så tokenet"
        " til e-conomic kan ikke gemmes eller læses sikkert. Spørger et vindue efter en"
        f" adgangskode, så lås adgangskodelageret op, og prøv igen. {_NO_STORE_FIX_DA}",
    )


def _demo_refused(detail: str) -> SecretStoreError:
    """The demo's token file was asked to hold or give a token that is not the sandbox's."""
    return SecretStoreError(
        "Only sandbox tokens in the demo",
        f"The demo runs without a password store, so {detail}. Connect to the real e-conomic"
        " outside the demo, on a computer with a password store (keyring).",
        "demo",
        title_da="Kun sandkassens tokens i demoen",
        message_da="Demoen kører uden adgangskodelager og gemmer derfor kun tokens til"
        " sandkassen på denne computer. Forbind til det rigtige e-conomic uden for demoen, på"
        " en computer med et adgangskodelager (keyring).",
    )


def _refuse_insecure(backend: KeyringBackend) -> None:
    import keyring.errors

    backends = list(getattr(backend, "backends", None) or [backend])  # ChainerBackend
    for candidate in backends:
        kind = f"{type(candidate).__module__}.{type(candidate).__name__}"
        if kind in _INSECURE_BACKENDS:
            raise keyring.errors.NoKeyringError(f"{kind} does not keep secrets safely")
    if not backends:
        raise keyring.errors.NoKeyringError("no backend behind the chainer")


def _translate(error: Exception, action: str, secret: str | None) -> SecretStoreError:
    """One place that knows every way a keyring can fail, and what the user should do."""
    import keyring.errors

    name = backend_name()
    detail = _scrub(str(error) or type(error).__name__, secret)
    errors = keyring.errors
    if isinstance(error, errors.NoKeyringError):
        return SecretStoreError(
            "No secure password store",
            "This computer has no password store (keyring) the program can use, so the"
            f" e-conomic token cannot be kept safely. {_NO_STORE_FIX}",
            name,
            title_da="Intet sikkert adgangskodelager",
            message_da="Computeren har intet adgangskodelager (keyring), som programmet kan"
            f" bruge, så tokenet til e-conomic kan ikke gemmes sikkert. {_NO_STORE_FIX_DA}",
        )
    if isinstance(error, errors.KeyringLocked) or _is_locked(error):
        return SecretStoreError(
            "Password store is locked",
            f"The password store ({name}) is locked. Unlock it and try again.",
            name,
            title_da="Adgangskodelageret er låst",
            message_da=f"Adgangskodelageret ({name}) er låst. Lås det op, og prøv igen.",
        )
    if isinstance(error, errors.InitError):
        return SecretStoreError(
            "Password store unavailable",
            f"The password store ({name}) could not be opened: {detail}. Log out and in again"
            " (or restart the computer) so the keyring service starts, then try again.",
            name,
            title_da=_UNAVAILABLE_DA,
            message_da=f"Adgangskodelageret ({name}) kunne ikke åbnes: {detail}. Log ud og ind"
            " igen (eller genstart computeren), så keyring-tjenesten starter, og prøv så igen.",
        )
    if _is_dbus(error):
        return SecretStoreError(
            "Password store unavailable",
            f"The password store could not be reached over D-Bus: {detail}. Make sure GNOME"
            " Keyring or KWallet is running and unlocked in your desktop session, then try"
            " again.",
            name,
            title_da=_UNAVAILABLE_DA,
            message_da=f"Adgangskodelageret kunne ikke nås over D-Bus: {detail}. Sørg for, at"
            " GNOME Keyring eller KWallet kører og er låst op i din skrivebordssession, og prøv"
            " så igen.",
        )
    if isinstance(error, errors.PasswordSetError):
        return SecretStoreError(
            "Token not saved",
            f"The password store ({name}) refused to save the token: {detail}. Unlock it, make"
            " sure it is not read-only or full, and try again.",
            name,
            title_da="Tokenet blev ikke gemt",
            message_da=f"Adgangskodelageret ({name}) nægtede at gemme tokenet: {detail}. Lås"
            " det op, sørg for, at det ikke er skrivebeskyttet eller fuldt, og prøv igen.",
        )
    if isinstance(error, errors.PasswordDeleteError):
        return SecretStoreError(
            "Token not removed",
            f"The password store ({name}) could not remove the token: {detail}. Unlock it and"
            " try again, or remove the entry 'acubiz-export' in the password store yourself.",
            name,
            title_da="Tokenet blev ikke fjernet",
            message_da=f"Adgangskodelageret ({name}) kunne ikke fjerne tokenet: {detail}. Lås"
            " det op, og prøv igen, eller fjern selv posten 'acubiz-export' i"
            " adgangskodelageret.",
        )
    return SecretStoreError(
        "Password store error",
        f"The password store ({name}) failed to {action} the token: {detail}. Try again; if"
        " it keeps failing, restart the computer.",
        name,
        title_da="Fejl i adgangskodelageret",
        message_da=f"Adgangskodelageret ({name}) kunne ikke {_ACTIONS_DA.get(action, action)}"
        f" tokenet: {detail}. Prøv igen; bliver det ved med at fejle, så genstart computeren.",
    )


def _is_dbus(error: BaseException) -> bool:
    module = type(error).__module__ or ""
    return module.split(".")[0] in {"dbus", "jeepney", "secretstorage", "dbus_next"}


def _is_locked(error: BaseException) -> bool:
    locked = {"LockedException", "PromptDismissedException"}
    return _is_dbus(error) and type(error).__name__ in locked


def _name(backend: KeyringBackend) -> str:
    try:
        return str(backend.name)
    except Exception:
        return type(backend).__name__


def _scrub(text: str, secret: str | None) -> str:
    """Error texts are shown and logged: make sure none quotes the token."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "…")
    return text
