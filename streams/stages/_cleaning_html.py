"""Safe HTML parsing, browser-like rendering to lines, and main-text extraction (trafilatura, then lxml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree
from lxml import html as lxml_html

# Elements a browser shows on their own lines (a select-all copy puts a line break around them).
BLOCK_TAGS: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "legend",
        "option",
        "select",
        "textarea",
    ]
)
# Never visible as text.
INVISIBLE_TAGS: Final = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "button",
        "input",
        "select",
        "textarea",
    ]
)
# Page furniture the fallback extractor drops before rendering.
FURNITURE_TAGS: Final = ("nav", "footer", "header", "aside", "form", "menu", "dialog")
_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|sidebar|side-bar|share|sharing|social|related|comments?|"
    r"cookie|banner|promo|advert|ads?|breadcrumbs?|tags?|subscribe|newsletter|popular|recommend\w*)"
    r"(?:$|[\s_-])",
    re.I,
)


@dataclass
class Extracted:
    """Main text of an HTML page with its metadata, and how it was obtained."""

    text: str
    title: str | None
    date: str | None
    visible_chars: int
    method: str


def parse(body: str, max_bytes: int) -> Any:
    """Parse HTML without network access, DTD loading or entity expansion; input capped at `max_bytes`."""
    data = body.encode("utf-8", "surrogatepass")[:max_bytes].decode("utf-8", "ignore").encode("utf-8")
    # A new parser per call: lxml parsers are not thread-safe, and parsing dominates the cost anyway.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        huge_tree=False,  # keeps libxml2's depth and size limits: deeply nested input cannot blow up
        default_doctype=False,
    )
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None


_WS = re.compile(r"\s+")


def render(tree: Any, drop_furniture: bool = False) -> str:
    """Text of a tree as a browser's select-all copy: blocks on their own lines, `li` as `• ` lines."""
    parts: list[str] = []
    skip_depth = 0
    pre = 0  # inside <pre>, line breaks are kept; elsewhere a browser folds whitespace to one space
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        hidden = tag in INVISIBLE_TAGS or (drop_furniture and _is_furniture(el, tag))
        if event == "start":
            if skip_depth or hidden:
                skip_depth += 1
                continue
            if tag in BLOCK_TAGS or tag == "br":
                parts.append("\n")
            if tag == "li":
                parts.append("• ")
            elif tag in ("td", "th"):
                parts.append(" ")
            if tag == "pre":
                pre += 1
            if el.text:
                parts.append(el.text if pre else _WS.sub(" ", el.text))
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            else:
                if tag == "pre":
                    pre -= 1
                if tag in BLOCK_TAGS:
                    parts.append("\n")
            if el.tail and el is not tree:
                parts.append(el.tail if pre else _WS.sub(" ", el.tail))
    return "".join(parts)


def _is_furniture(el: Any, tag: str) -> bool:
    if tag in FURNITURE_TAGS:
        return True
    attrs = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
    return tag not in ("body", "html", "article", "main") and bool(_FURNITURE_ATTR.search(attrs))


def _visible_chars(tree: Any) -> int:
    n = 0
    for t in tree.itertext():
        n += len(t.strip())
    return n


def extract(body: str, max_bytes: int) -> Extracted | None:
    """Main text, title and date of a page: trafilatura (precision mode), else own paragraph rendering."""
    tree = parse(body, max_bytes)
    if tree is None:
        return None
    for bad in tree.iter("script", "style", "noscript", "template"):
        bad.text = None
    visible = _visible_chars(tree)
    title_nodes = tree.xpath("//title")
    page_title = title_nodes[0].text_content().strip() if title_nodes else None
    try:
        import trafilatura  # local: only HTML input needs it, and importing it is slow

        doc = trafilatura.bare_extraction(
            tree,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError):
        # trafilatura walks the tree recursively; pathological pages fall back to the iterative renderer.
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    if text and text.strip():
        title = getattr(doc, "title", None) or page_title
        date = getattr(doc, "date", None)
        return Extracted(text=text, title=title, date=date, visible_chars=visible, method="trafilatura")
    # trafilatura pruned the tree in place: parse again for the fallback.
    tree = parse(body, max_bytes)
    if tree is None:
        return None
    bodies = tree.xpath("//article") or tree.xpath("//main") or [tree]
    text = render(max(bodies, key=_visible_chars), drop_furniture=True)
    return Extracted(text=text, title=page_title, date=None, visible_chars=visible, method="lxml")
