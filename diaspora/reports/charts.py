"""Bar charts drawn on the server as SVG: no script, no style attribute (the content
security policy allows neither), scaled to the screen by its viewBox; each bar links
to the records it counts, and the numbers are in a table beside it."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, BAR_GAP, HEIGHT, LABEL = 600, 6, 200, 56
LABEL_LETTERS = 10  # under a bar; the full label is in its tooltip and the table beside


@dataclass
class Bar:
    label: str
    value: int
    url: str = ""
    short: str = ""  # under the bar, where the label would not fit (a country's code)


def bar_chart(title: str, bars: list[Bar]) -> SafeString:
    if not bars:
        return SafeString("")
    top = max(bar.value for bar in bars) or 1
    step = WIDTH / len(bars)
    width = max(step - BAR_GAP, 1)
    shapes = []
    for number, bar in enumerate(bars):
        height = round(HEIGHT * bar.value / top, 1)
        x = round(number * step + BAR_GAP / 2, 1)
        y = round(LABEL / 2 + HEIGHT - height, 1)
        rect = format_html(
            '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>'
            '<text class="bar-value" x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="bar-label" x="{}" y="{}" text-anchor="middle">{}</text>',
            x,
            y,
            round(width, 1),
            height,
            bar.label,
            bar.value,
            round(x + width / 2, 1),
            max(y - 5, 20),
            bar.value,
            round(x + width / 2, 1),
            LABEL / 2 + HEIGHT + 24,
            bar.short or shortened(bar.label),
        )
        shapes.append(format_html('<a href="{}">{}</a>', bar.url, rect) if bar.url else rect)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        WIDTH,
        HEIGHT + LABEL + 8,
        title,
        format_html_join("", "{}", ((s,) for s in shapes)),
    )


def shortened(label: str) -> str:
    return label if len(label) <= LABEL_LETTERS else label[: LABEL_LETTERS - 1] + "…"
