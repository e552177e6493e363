"""Reading a page that refused a form, as assistive technology meets it.

`refused_page(html)` parses the page and returns what the error summary links to, after checking
the rules every such page keeps (`refused_form_problems` lists the broken ones as sentences):

- the title begins "Error:" (or "Error: " in Spanish, the same word);
- one error summary, first in main, before the h1: role="alert", focusable (tabindex="-1") and
  autofocus, a heading, and each error a link to an id that is on the page;
- no id twice on the page; every id named by aria-describedby is on the page;
- every group of radio buttons or checkboxes is a fieldset whose legend comes before its options;
  when an option is aria-invalid, the fieldset's aria-describedby names the group's error list;
- every other control that is aria-invalid is described by its error list.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)  # Nodes and strings

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value if value is not None else "" for name, value in attrs})
        node.parent = self.open
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open = self.open.parent

    def handle_endtag(self, tag):
        node = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.open = node.parent

    def handle_data(self, data):
        self.open.children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    return tree.root


@dataclass
class RefusedPage:
    title: str
    summary: Node | None
    links: list[str]  # the ids the summary links to, in order
    texts: list[str]  # the text of each item of the summary
    problems: list[str]


def _group_name(control: Node, names_seen: dict) -> str | None:
    """The name of the radio or checkbox group a control belongs to, if it is an option of one."""
    kind = control.attrs.get("type")
    name = control.attrs.get("name")
    if kind == "radio":
        return name
    if kind == "checkbox" and (
        names_seen.get(name, 0) > 1 or re.search(r"_\d+$", control.attrs.get("id") or "")
    ):
        return name
    return None


def control_problems(root: Node) -> list[str]:
    """What any page with a form must keep: unique ids, aria-describedby naming ids on the page,
    groups of options in fieldsets with their legend first, invalid controls and groups described
    by their errors."""
    problems: list[str] = []
    nodes = list(root.walk())
    ids: dict[str, int] = {}
    for node in nodes:
        if "id" in node.attrs:
            ids[node.attrs["id"]] = ids.get(node.attrs["id"], 0) + 1
    problems += [f'id "{name}" is on the page {n} times' for name, n in ids.items() if n > 1]
    for node in nodes:
        for name in (node.attrs.get("aria-describedby") or "").split():
            if name not in ids:
                problems.append(f'<{node.tag}> is described by "{name}", which is not on the page')
    checkboxes: dict[str, int] = {}
    for node in nodes:
        if node.tag == "input" and node.attrs.get("type") == "checkbox":
            checkboxes[node.attrs.get("name")] = checkboxes.get(node.attrs.get("name"), 0) + 1
    for control in (node for node in nodes if node.tag in {"input", "select", "textarea"}):
        group = _group_name(control, checkboxes) if control.tag == "input" else None
        if group is None:
            if control.attrs.get("aria-invalid") == "true" and not _described_by_errors(control):
                problems.append(
                    f"<{control.tag} name={control.attrs.get('name')}> is invalid but not "
                    "described by its errors"
                )
            continue
        fieldset = next((node for node in control.ancestors() if node.tag == "fieldset"), None)
        if fieldset is None:
            problems.append(f"the option {control.attrs.get('id')} of {group} is in no fieldset")
            continue
        inside = list(fieldset.walk())
        legend = next((node for node in fieldset.children if isinstance(node, Node)), None)
        if legend is None or legend.tag != "legend" or not legend.text().strip():
            problems.append(f"the fieldset of {group} does not begin with its legend")
        elif inside.index(legend) > inside.index(control):
            problems.append(f"the legend of {group} comes after its options")
        if control.attrs.get("aria-invalid") == "true" and not _described_by_errors(fieldset):
            problems.append(f"the fieldset of {group} is not described by its errors")
    return problems


def _described_by_errors(node: Node) -> bool:
    return any(name.endswith("_error") for name in node.attrs.get("aria-describedby", "").split())


def refused_form_problems(root: Node) -> tuple[list[str], Node | None]:
    """control_problems, and those of the title and the error summary."""
    problems = control_problems(root)
    nodes = list(root.walk())
    ids = {node.attrs["id"] for node in nodes if "id" in node.attrs}
    title = next((node.text() for node in nodes if node.tag == "title"), "")
    if not title.startswith("Error: "):
        problems.append(f"the title does not begin with Error: ({title!r})")

    summaries = [node for node in nodes if "error-summary" in node.classes]
    summary = summaries[0] if len(summaries) == 1 else None
    if summary is None:
        problems.append(f"{len(summaries)} error summaries (want one)")
        return problems, None
    for attribute, value in (("role", "alert"), ("tabindex", "-1"), ("autofocus", "")):
        if summary.attrs.get(attribute) != value:
            problems.append(f"the error summary has no {attribute}={value!r}")
    main = next((node for node in nodes if node.tag == "main"), None)
    in_main = list(main.walk()) if main else []
    if summary not in in_main:
        problems.append("the error summary is not in main")
    else:
        h1 = next((node for node in in_main if node.tag == "h1"), None)
        if h1 is not None and in_main.index(h1) < in_main.index(summary):
            problems.append("the error summary comes after the h1")
    if not any(node.tag == "h2" for node in summary.walk()):
        problems.append("the error summary has no heading")
    for link in (node for node in summary.walk() if node.tag == "a"):
        target = link.attrs.get("href", "")[1:]
        if target not in ids:
            problems.append(f'the error summary links to "#{target}", which is not on the page')
    return problems, summary


def refused_page(html: str) -> RefusedPage:
    root = parse(html)
    problems, summary = refused_form_problems(root)
    links, texts = [], []
    if summary is not None:
        for item in (node for node in summary.walk() if node.tag == "li"):
            texts.append(" ".join(item.text().split()))
            link = next((node for node in item.walk() if node.tag == "a"), None)
            links.append(link.attrs.get("href", "")[1:] if link is not None else "")
    title = next((node.text() for node in root.walk() if node.tag == "title"), "")
    return RefusedPage(title=title, summary=summary, links=links, texts=texts, problems=problems)
