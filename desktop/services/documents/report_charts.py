"""Charts of a report drawn as reportlab vector drawings, in Liberation Serif.

    drawing = chart_drawing(chart, width=453)          # a reportlab Drawing, a flowable in a PDF
    png = chart_png(chart, width_mm=160)               # the same drawing as a picture, for a DOCX

A chart is drawn once, as a list of reportlab shapes (`_Canvas`): made the shapes of a Drawing for a
PDF, or painted with the same PDF operators straight onto the page of an in-memory PDF that pdfium
turns into the DOCX's picture (without reportlab's graphics package, which imports all of platypus,
and its renderer, which spends most of its time on the state of each shape).

Bars run across the page, one row per category, so that long names (schools, subjects) are read
whole on the left instead of being turned on their side; lines have years along the bottom. Every
label is placed from measured string widths: nothing is left to reportlab's chart classes, whose
labels would fall back to Helvetica (not embedded) and overlap on long Russian names.
"""

from __future__ import annotations

import io
import math

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import fonts, layout
from .layout import MM
from .report_model import Chart

__all__ = ["chart_drawing", "chart_png", "nice_ticks"]

# A chart's picture in a DOCX: 150 dpi keeps 9 pt labels crisp on paper and costs half the pixels
# (and the time) of 200 dpi.
CHART_DPI = 150

TITLE_SIZE = 11
LABEL_SIZE = 9
VALUE_SIZE = 8
SWATCH = 8
GRID = colors.HexColor("#D0D0D0")
AXIS = colors.HexColor("#404040")


def _colour(hex_rgb: str):
    return colors.HexColor(f"#{hex_rgb}")


def _is_dark(hex_rgb: str) -> bool:
    r, g, b = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _width(text: str, size: float, font: str = fonts.REGULAR) -> float:
    return stringWidth(text, font, size)


def _number(value: float) -> str:
    """Labels on charts: «37,2», «40» — one decimal place at most, decimal comma."""
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0, step, 2·step … up to at least `top`, with a step of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def _wrap(text: str, size: float, width: float, lines: int, font: str = fonts.REGULAR) -> list[str]:
    """`text` in at most `lines` lines of `width`; the last one cut with «…» when it does not fit."""
    words, result, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if _width(candidate, size, font) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = result[: lines - 1] + [" ".join(result[lines - 1 :])]
    last = result[-1]
    if _width(last, size, font) > width:
        while last and _width(last + "…", size, font) > width:
            last = last[:-1]
        result[-1] = last.rstrip() + "…"
    return result


def _shapes():
    """reportlab's shapes, imported when a Drawing is made. They take their attributes unchecked
    (reportlab checks each against a table of types when shapeChecking is on, which it reads when
    the module is first imported): the drawings are built only here, from numbers this module
    computed, and in less than half the time."""
    from reportlab import rl_config

    rl_config.shapeChecking = 0
    from reportlab.graphics import shapes

    return shapes


def _drawing(width: float, height: float):
    # Without an initial font the renderer selects Helvetica first: a font the PDF then lists but
    # never embeds.
    return _shapes().Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=LABEL_SIZE)


class _Canvas:
    """A chart being drawn from the top down (`y` is the top of what is still free), kept as the
    reportlab shapes it is made of — their class name and arguments — for `drawing` and `paint`."""

    def __init__(self, width: float, height: float):
        self.width = width
        self.height = height
        self.y = height
        self.shapes: list[tuple[str, tuple, dict]] = []

    def add(self, kind: str, *args, **attributes) -> None:
        """A shape of reportlab's class `kind` (Rect, Line, PolyLine, Circle)."""
        self.shapes.append((kind, args, attributes))

    def text(self, x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start",
             font: str = fonts.REGULAR, colour=colors.black, angle: float = 0) -> None:
        self.shapes.append(("text", (x, y, text), {"fontName": font, "fontSize": size, "fillColor": colour,
                                                  "textAnchor": anchor, "angle": angle}))

    def drawing(self):
        """The chart as a reportlab Drawing."""
        shapes = _shapes()
        drawing = _drawing(self.width, self.height)
        for kind, args, attributes in self.shapes:
            if kind != "text":
                drawing.add(getattr(shapes, kind)(*args, **attributes))
                continue
            x, y, text = args
            angle = attributes["angle"]
            label = shapes.String(0 if angle else x, 0 if angle else y, text,
                                  **{name: value for name, value in attributes.items() if name != "angle"})
            if angle:
                group = shapes.Group(label)
                group.translate(x, y)
                group.rotate(angle)
                drawing.add(group)
            else:
                drawing.add(label)
        return drawing

    def paint(self, canvas) -> None:
        """The chart drawn on a reportlab pdfgen `canvas` as reportlab's renderer draws its Drawing:
        each shape in a saved graphics state, with its colours, line width, font."""
        for kind, args, attributes in self.shapes:
            canvas.saveState()
            stroke = attributes.get("strokeColor")
            if stroke is not None:
                canvas.setStrokeColor(stroke)
                canvas.setLineWidth(attributes.get("strokeWidth", 1))
            fill = attributes.get("fillColor")
            if fill is not None:
                canvas.setFillColor(fill)
            if kind == "Rect":
                canvas.rect(*args, stroke=stroke is not None, fill=fill is not None)
            elif kind == "Circle":
                canvas.circle(*args, stroke=stroke is not None, fill=fill is not None)
            elif kind == "Line":
                canvas.line(*args)
            elif kind == "PolyLine":
                points = args[0]
                path = canvas.beginPath()
                path.moveTo(points[0], points[1])
                for i in range(2, len(points), 2):
                    path.lineTo(points[i], points[i + 1])
                canvas.drawPath(path)
            else:
                x, y, text = args
                font, size, anchor = attributes["fontName"], attributes["fontSize"], attributes["textAnchor"]
                if attributes["angle"]:
                    canvas.translate(x, y)
                    canvas.rotate(attributes["angle"])
                    x = y = 0
                canvas.setFont(font, size)
                if anchor != "start":
                    x -= stringWidth(text, font, size) * (1 if anchor == "end" else 0.5)
                canvas.drawString(x, y, text)
            canvas.restoreState()


def _title_lines(chart: Chart, width: float) -> list[str]:
    return _wrap(chart.title, TITLE_SIZE, width, 2, fonts.BOLD)


def _legend_rows(chart: Chart, width: float) -> list[list[tuple[str, str, float]]]:
    """Legend entries (name, colour, x) flowed into rows that fit `width`, each row centred."""
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for series, colour in zip(chart.series, chart.colours(), strict=True):
        entry = SWATCH + 4 + _width(series.name, LABEL_SIZE) + 14
        if rows[-1] and used + entry > width:
            rows.append([])
            used = 0.0
        rows[-1].append((series.name, colour, used))
        used += entry
    return rows


def _head_height(chart: Chart, width: float) -> float:
    return len(_title_lines(chart, width)) * (TITLE_SIZE + 3) + 6 + len(_legend_rows(chart, width)) * 13 + 6


def _draw_head(canvas: _Canvas, chart: Chart) -> None:
    for line in _title_lines(chart, canvas.width):
        canvas.y -= TITLE_SIZE + 1
        canvas.text(canvas.width / 2, canvas.y, line, TITLE_SIZE, "middle", fonts.BOLD)
        canvas.y -= 2
    canvas.y -= 6
    for row in _legend_rows(chart, canvas.width):
        row_width = row[-1][2] + SWATCH + 4 + _width(row[-1][0], LABEL_SIZE)
        left = (canvas.width - row_width) / 2
        canvas.y -= 10
        for name, colour, x in row:
            canvas.add("Rect", left + x, canvas.y - 1, SWATCH, SWATCH, fillColor=_colour(colour),
                            strokeColor=None)
            canvas.text(left + x + SWATCH + 4, canvas.y, name)
        canvas.y -= 3
    canvas.y -= 6


def _value_top(chart: Chart) -> float:
    if chart.value_max is not None:
        return chart.value_max
    if chart.kind == "stacked":
        sums = [sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.categories))]
        return max(sums, default=0) or 1
    return max((v for s in chart.series for v in s.values if v is not None), default=0) * 1.08 or 1


def _value_axis_title(chart: Chart) -> str:
    if chart.unit and chart.unit not in chart.value_title:
        return f"{chart.value_title}, {chart.unit}" if chart.value_title else chart.unit
    return chart.value_title


# --- bars across the page --------------------------------------------------------------------

def _bars(chart: Chart, width: float, max_height: float) -> _Canvas:
    stacked = chart.kind == "stacked"
    n_series = len(chart.series)
    label_width = min(max(_width(c, LABEL_SIZE) for c in chart.categories) + 6, width * 0.36)
    labels = [_wrap(c, LABEL_SIZE, label_width - 6, 2) for c in chart.categories]
    ticks = nice_ticks(_value_top(chart))
    top = ticks[-1] if chart.value_max is None else chart.value_max
    axis_title = _value_axis_title(chart)
    foot = 4 + LABEL_SIZE + 4 + (LABEL_SIZE + 4 if axis_title else 0)
    head = _head_height(chart, width)

    bar = 11.0 if stacked else (8.0 if n_series < 3 else 6.5)
    gap = 6.0
    per_category = (bar if stacked else bar * n_series) + gap
    per_category = max(per_category, max(len(lines) for lines in labels) * (LABEL_SIZE + 1) + 3)
    plot_height = per_category * len(chart.categories)
    if head + plot_height + foot > max_height:  # many categories: thinner bars, still on one page
        scale = (max_height - head - foot) / plot_height
        bar, gap, per_category, plot_height = bar * scale, gap * scale, per_category * scale, plot_height * scale

    canvas = _Canvas(width, head + plot_height + foot)
    _draw_head(canvas, chart)
    x0 = label_width + 2
    # room on the right for the value labels at the bar ends, or for half the last tick's label
    right_room = _width("100,0", VALUE_SIZE) + 4 if not stacked else _width(_number(ticks[-1]), LABEL_SIZE) / 2 + 2
    plot_width = width - x0 - right_room
    y_top = canvas.y
    y_bottom = y_top - plot_height

    def x_of(value: float) -> float:
        return x0 + plot_width * min(value, top) / top if top else x0

    for tick in ticks:
        x = x_of(tick)
        canvas.add("Line", x, y_bottom, x, y_top, strokeColor=GRID, strokeWidth=0.5)
        canvas.text(x, y_bottom - 4 - LABEL_SIZE, _number(tick), LABEL_SIZE, "middle")
    canvas.add("Line", x0, y_bottom, x0, y_top, strokeColor=AXIS, strokeWidth=0.7)
    if axis_title:
        canvas.text(x0 + plot_width / 2, y_bottom - 8 - 2 * LABEL_SIZE - 2, axis_title, LABEL_SIZE, "middle")

    colours = chart.colours()
    for index, lines in enumerate(labels):
        slot_top = y_top - index * per_category
        middle = slot_top - per_category / 2
        first = middle + (len(lines) - 1) * (LABEL_SIZE + 1) / 2 - LABEL_SIZE / 3
        for k, line in enumerate(lines):
            canvas.text(x0 - 4, first - k * (LABEL_SIZE + 1), line, LABEL_SIZE, "end")
        if stacked:
            y = middle - bar / 2
            start = 0.0
            for series, colour in zip(chart.series, colours, strict=True):
                value = series.values[index] or 0
                if value <= 0:
                    continue
                left, right = x_of(start), x_of(start + value)
                canvas.add("Rect", left, y, right - left, bar, fillColor=_colour(colour), strokeColor=colors.white,
                                strokeWidth=0.3)
                text = _number(value)
                if right - left >= _width(text, VALUE_SIZE) + 3 and bar >= VALUE_SIZE:
                    canvas.text((left + right) / 2, y + (bar - VALUE_SIZE) / 2 + 1.5, text, VALUE_SIZE, "middle",
                                colour=colors.white if _is_dark(colour) else colors.black)
                start += value
        else:
            y = middle + n_series * bar / 2
            for series, colour in zip(chart.series, colours, strict=True):
                y -= bar
                value = series.values[index]
                if value is None:
                    continue
                right = x_of(value)
                canvas.add("Rect", x0, y, right - x0, bar, fillColor=_colour(colour), strokeColor=None)
                size = min(VALUE_SIZE, bar + 1)  # thin bars: smaller labels, or none when unreadable
                if size >= 6:
                    canvas.text(right + 2, y + (bar - size) / 2 + 1.2, _number(value), size)
    return canvas


# --- lines over the years --------------------------------------------------------------------

def _lines(chart: Chart, width: float, height: float) -> _Canvas:
    canvas = _Canvas(width, height)
    _draw_head(canvas, chart)
    ticks = nice_ticks(_value_top(chart))
    top = ticks[-1]
    axis_title = _value_axis_title(chart)
    x0 = max(_width(_number(t), LABEL_SIZE) for t in ticks) + 6 + (LABEL_SIZE + 6 if axis_title else 0)
    x1 = width - 10
    y_bottom = 4 + LABEL_SIZE + 4 + (LABEL_SIZE + 4 if chart.category_title else 0)
    y_top = canvas.y - VALUE_SIZE - 2  # room for the labels of the highest points

    def y_of(value: float) -> float:
        return y_bottom + (y_top - y_bottom) * min(value, top) / top

    for tick in ticks:
        y = y_of(tick)
        canvas.add("Line", x0, y, x1, y, strokeColor=GRID, strokeWidth=0.5)
        canvas.text(x0 - 4, y - LABEL_SIZE / 3, _number(tick), LABEL_SIZE, "end")
    canvas.add("Line", x0, y_bottom, x1, y_bottom, strokeColor=AXIS, strokeWidth=0.7)
    if axis_title:
        canvas.text(LABEL_SIZE, (y_bottom + y_top) / 2, axis_title, LABEL_SIZE, "middle", angle=90)
    count = len(chart.categories)
    step = (x1 - x0) / count

    def x_of(index: int) -> float:
        return x0 + step * (index + 0.5)

    for index, category in enumerate(chart.categories):
        canvas.text(x_of(index), y_bottom - 4 - LABEL_SIZE, category, LABEL_SIZE, "middle")
    if chart.category_title:
        canvas.text((x0 + x1) / 2, 4, chart.category_title, LABEL_SIZE, "middle")

    placed: list[tuple[float, float]] = []  # value labels drawn, to keep the next ones off them
    for series, colour in zip(chart.series, chart.colours(), strict=True):
        stroke = _colour(colour)
        run: list[float] = []
        points = [(x_of(i), y_of(v), v) for i, v in enumerate(series.values) if v is not None]
        for i, value in enumerate(series.values):
            if value is None:
                if len(run) > 2:
                    canvas.add("PolyLine", run, strokeColor=stroke, strokeWidth=1.6)
                run = []
                continue
            run += [x_of(i), y_of(value)]
        if len(run) > 2:
            canvas.add("PolyLine", run, strokeColor=stroke, strokeWidth=1.6)
        for x, y, value in points:
            canvas.add("Circle", x, y, 2.4, fillColor=stroke, strokeColor=colors.white, strokeWidth=0.5)
            label_y = y + 4
            if any(abs(px - x) < 20 and abs(py - label_y) < VALUE_SIZE for px, py in placed):
                label_y = y - VALUE_SIZE - 3  # another series' label is there: below the point
            placed.append((x, label_y))
            canvas.text(x, label_y, _number(value), VALUE_SIZE, "middle", colour=stroke)
    return canvas


def _chart(chart: Chart, width: float, max_height: float) -> _Canvas:
    fonts.register_fonts()
    if chart.kind == "lines":
        return _lines(chart, width, min(max_height, width * 0.5 + _head_height(chart, width)))
    return _bars(chart, width, max_height)


def chart_drawing(chart: Chart, width: float, max_height: float = 640, space: float = 0):
    """`chart` as a Drawing `width` points wide and at most `max_height` high, with `space` points of
    blank above and below (a Drawing in a PDF story takes no spaceBefore of its own)."""
    drawing = _chart(chart, width, max_height - 2 * space).drawing()
    if not space:
        return drawing
    framed = _drawing(width, drawing.height + 2 * space)
    content = _shapes().Group(*drawing.contents)
    content.translate(0, space)
    framed.add(content)
    return framed


def chart_pngs(charts: list[Chart], width_mm: float | None = None, dpi: int = CHART_DPI) -> list[bytes]:
    """`chart_png` of each chart, the charts painted in one PDF in memory, a page each: the fonts are
    embedded once for all of them (a report's 19 charts: ~0.5 s less than one PDF per chart)."""
    if not charts:
        return []
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)  # read once by pdfium: no zlib, no ASCII85
    for chart in charts:
        painted = _chart(chart, (width_mm or layout.PAGE.text_width_mm) * MM, 640)
        canvas.setPageSize((painted.width, painted.height))
        painted.paint(canvas)
        canvas.showPage()
    canvas.save()
    pdf = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return [_png(pdf[i], dpi) for i in range(len(charts))]
    finally:
        pdf.close()


def _png(page, dpi: int) -> bytes:
    """A page of a chart's PDF (pypdfium2) as a PNG at `dpi`."""
    from PIL import Image

    # RGB straight from pdfium (no alpha, no byte swap) and no annotations (a chart has none)
    image = page.render(scale=dpi / 72, rev_byteorder=True, draw_annots=False).to_pil()
    out = io.BytesIO()
    # A chart has a handful of colours and their anti-aliased edges: 64 palette colours keep it
    # looking the same at a third of the size, and encode faster than full colour.
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return out.getvalue()


def chart_png(chart: Chart, width_mm: float | None = None, dpi: int = CHART_DPI) -> bytes:
    """`chart` as a PNG picture `width_mm` wide (the text width when None) at `dpi`: the PDF's
    drawing, painted into a PDF in memory and rasterised by pdfium (no Qt and no second chart
    code)."""
    return chart_pngs([chart], width_mm, dpi)[0]
