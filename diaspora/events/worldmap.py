"""The world map drawn from the vendored TopoJSON (world-atlas, Natural Earth 1:110m).

Countries become SVG path data in an equirectangular projection: x is the longitude
plus 180, y is 90 minus the latitude, in degrees. A city's dot at (lon, lat) lands
exactly where the map draws its country, with no projection library and no tiles.
Antarctica is left out and the view stops at 60° south, which no one celebrates."""

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings

MAP_FILE = Path(settings.BASE_DIR) / "diaspora" / "static" / "vendor" / "countries-110m.json"
NORTH, SOUTH = 84.0, -60.0  # the view's edges; the data stops near 84° north
VIEW_BOX = f"0 0 360 {NORTH - SOUTH:g}"
LEFT_OUT = {"AQ"}

Point = tuple[float, float]


def project(longitude: float, latitude: float) -> Point:
    """Map coordinates of a place: the SVG's x and y in the view box."""
    return round(longitude + 180, 2), round(NORTH - latitude, 2)


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Each arc as longitude/latitude points: quantized arcs are delta-encoded, so
    positions add up along the arc before the transform scales and shifts them."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_rest in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for step_x, step_y, *_rest in arc:
            x += step_x
            y += step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: Iterable[int]) -> list[Point]:
    """A closed ring from arc indexes; ~i (a negative index) is arc i reversed. Each
    arc after the first starts where the previous ended, so that point is dropped."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrapped(points: Sequence[Point]) -> list[list[Point]]:
    """The ring drawn without a seam: the data's rings cross the antimeridian (Russia's
    Chukotka, Fiji), so a step of more than 180° is taken the short way round, past
    the map's edge, and the part beyond the edge is drawn again from the other side
    (the SVG clips what falls outside)."""
    if not points:
        return []
    ring = [points[0]]
    for longitude, latitude in points[1:]:
        previous = ring[-1][0]
        while longitude - previous > 180:
            longitude -= 360
        while longitude - previous < -180:
            longitude += 360
        ring.append((longitude, latitude))
    copies = [ring]
    west, east = min(p[0] for p in ring), max(p[0] for p in ring)
    if east > 180:
        copies.append([(lon - 360, lat) for lon, lat in ring])
    if west < -180:
        copies.append([(lon + 360, lat) for lon, lat in ring])
    return copies


def tenths(value: float) -> str:
    """A whole number of tenths as the shortest decimal: 3 → ".3", -12 → "-1.2"."""
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole, tenth = divmod(value, 10)
    text = f"{whole or ''}.{tenth}" if tenth else f"{whole}"
    return sign + text


def path_data(rings: Iterable[Sequence[Point]]) -> str:
    """SVG path data for rings of (lon, lat) points: each ring starts at an absolute
    point and steps relatively in tenths of a degree (about 11 km, finer than the
    110m data); steps that rounding makes zero are dropped."""
    parts = []
    for points in (copy for ring in rings for copy in unwrapped(ring)):
        grid = [(round((lon + 180) * 10), round((NORTH - lat) * 10)) for lon, lat in points]
        steps = [
            (x1 - x0, y1 - y0)
            for (x0, y0), (x1, y1) in zip(grid, grid[1:], strict=False)
            if (x0, y0) != (x1, y1)
        ]
        if len(steps) >= 2:
            x, y = grid[0]
            numbers = [tenths(n) for step in steps for n in step]
            parts.append(f"M{tenths(x)} {tenths(y)}l{compact(numbers)}z")
    return "".join(parts)


def compact(numbers: list[str]) -> str:
    """Numbers joined as SVG reads them: a sign, or a second decimal point, already
    ends the number before it, so no space is needed there."""
    text = numbers[0]
    for before, number in zip(numbers, numbers[1:], strict=False):
        joined = number.startswith("-") or (number.startswith(".") and "." in before)
        text += number if joined else " " + number
    return text


def alpha2(numeric: str | None) -> str:
    """ISO 3166-1 alpha-2 for the file's numeric id; "" for shapes without one
    (Kosovo, Northern Cyprus, Somaliland in this edition)."""
    if not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2 if country is not None else ""


def decode(topology: dict, name: str = "countries") -> dict[str, str]:
    """Path data per alpha-2 code; shapes without a code are merged under ""."""
    arcs = decode_arcs(topology)
    shapes: dict[str, str] = {}
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        code = alpha2(geometry.get("id"))
        if code in LEFT_OUT:
            continue
        data = path_data(ring(arcs, indexes) for polygon in polygons for indexes in polygon)
        shapes[code] = shapes.get(code, "") + data
    return shapes


@cache
def country_paths() -> dict[str, str]:
    """The world's countries as SVG path data by alpha-2 code, decoded once per process."""
    with open(MAP_FILE, encoding="utf-8") as handle:
        return decode(json.load(handle))
