"""Small SVG icons the wizard draws (status marks, the show/hide eye), plus the app icon.

Inline so they travel with the code and scale crisply at any DPI; the app icon is the shared
`resources/icons/app.svg`.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon, QPixmap

from wizard.ui.paths import icon_path

_SVG = {
    "ok": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<circle cx="12" cy="12" r="11" fill="#1e7d45"/>
<path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" stroke-width="2.6"
 stroke-linecap="round" stroke-linejoin="round"/></svg>""",
    "warning": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<path d="M12 1.8L23 21.5H1z" fill="#c77800" stroke="#c77800" stroke-linejoin="round"/>
<path d="M12 8.5v6" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/>
<circle cx="12" cy="18" r="1.5" fill="#fff"/></svg>""",
    "error": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<circle cx="12" cy="12" r="11" fill="#c0392b"/>
<path d="M7.8 7.8l8.4 8.4M16.2 7.8l-8.4 8.4" stroke="#fff" stroke-width="2.6"
 stroke-linecap="round"/></svg>""",
    "info": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<circle cx="12" cy="12" r="11" fill="#1f5fbf"/>
<circle cx="12" cy="7" r="1.6" fill="#fff"/>
<path d="M12 11v7" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>""",
    "eye": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<path d="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z" fill="none"
 stroke="#404a55" stroke-width="2" stroke-linejoin="round"/>
<circle cx="12" cy="12" r="3.2" fill="#404a55"/></svg>""",
    "eye-off": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">
<path d="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z" fill="none"
 stroke="#404a55" stroke-width="2" stroke-linejoin="round"/>
<circle cx="12" cy="12" r="3.2" fill="#404a55"/>
<path d="M3 21L21 3" stroke="#404a55" stroke-width="2.2" stroke-linecap="round"/></svg>""",
}


@cache
def icon(name: str) -> QIcon:
    """One of the inline icons by name: ok, warning, error, info, eye, eye-off."""
    return QIcon(pixmap(name, 48))


@cache
def pixmap(name: str, size: int = 20) -> QPixmap:
    # Imported here: the wizard's first page draws none of these (QtSvg and QPainter cost
    # its start-up a few milliseconds).
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QPixmap(size, size)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(QByteArray(_SVG[name].encode())).render(painter)
    painter.end()
    return image


@cache
def app_icon() -> QIcon:
    return QIcon(str(icon_path("app.svg")))
