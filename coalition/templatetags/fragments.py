"""Template tags of coalition.fragments: pieces of a page rendered once per version of what they
show and reused across query strings.

    {% keep "name" stamp vary... %}…{% endkeep %}
        The block, kept under `stamp` (from the view: fragments.stamp) and the vary values; the
        data it reads is read only when it is rendered, so a lazy queryset inside costs nothing
        when the piece is kept.
    {% keep_each "name" stamp rows as row by "pk has_ended" vary... [prepare=fn] %}…
    {% endkeep_each %}
        The block once per row (a loop with `row` set), each kept under the row's listed
        attributes and the vary values; all read in one round trip. `fn(rows)`, if given, is
        called with the rows not kept before they are rendered (to prefetch what they show).

A None stamp (Redis away, or a form with errors) renders live.
"""

from django import template
from django.utils.safestring import mark_safe

from coalition import fragments

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, name, stamp, vary):
        self.nodelist, self.name, self.stamp, self.vary = nodelist, name, stamp, vary

    def render(self, context):
        name = self.name.resolve(context)
        stamp = self.stamp.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        return mark_safe(  # nosec B308 B703: the block's own rendering, escaped by it
            fragments.keep(name, stamp, vary, lambda: self.nodelist.render(context))
        )


class KeepEachNode(template.Node):
    def __init__(self, nodelist, name, stamp, rows, var, by, vary, prepare):
        self.nodelist, self.name, self.stamp = nodelist, name, stamp
        self.rows, self.var, self.by, self.vary = rows, var, by, vary
        self.prepare = prepare

    def render(self, context):
        name = self.name.resolve(context)
        stamp = self.stamp.resolve(context)
        rows = list(self.rows.resolve(context) or ())
        by = str(self.by.resolve(context)).split()
        vary = [value.resolve(context) for value in self.vary]

        def render_row(row):
            with context.push({self.var: row}):
                return self.nodelist.render(context)

        items = [([*(getattr(row, attr) for attr in by), *vary], row) for row in rows]
        prepare = self.prepare.resolve(context) if self.prepare else None
        return mark_safe(  # nosec B308 B703: the block's own rendering, escaped by it
            "".join(fragments.keep_each(name, stamp, items, render_row, prepare=prepare or None))
        )


@register.tag
def keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% keep name stamp vary... %}")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    name, stamp, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return KeepNode(nodelist, name, stamp, vary)


@register.tag
def keep_each(parser, token):
    bits = token.split_contents()
    if len(bits) < 8 or bits[4] != "as" or bits[6] != "by":
        raise template.TemplateSyntaxError(
            '{% keep_each name stamp rows as row by "attr attr" vary... %}'
        )
    nodelist = parser.parse(("endkeep_each",))
    parser.delete_first_token()
    name, stamp, rows = (parser.compile_filter(bit) for bit in bits[1:4])
    by = parser.compile_filter(bits[7])
    rest = bits[8:]
    prepare = None
    if rest and rest[-1].startswith("prepare="):
        prepare = parser.compile_filter(rest.pop()[len("prepare=") :])
    vary = [parser.compile_filter(bit) for bit in rest]
    return KeepEachNode(nodelist, name, stamp, rows, bits[5], by, vary, prepare)
