from diaspora.events import worldmap

# Two arcs around a 2° square whose corner is at 10° east, 20° north, quantized with a
# scale of 1 and a translate of (10, 20): positions are deltas from the one before.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "276"},
                {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "id": "010"},
                {"type": "Polygon", "arcs": [[0, 1]]},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_then_transformed():
    first, second = worldmap.decode_arcs(TOPOLOGY)
    assert first == [(10, 20), (12, 20), (12, 22)]
    assert second == [(12, 22), (10, 22), (10, 20)]


def test_a_ring_joins_arcs_without_repeating_the_shared_point():
    arcs = worldmap.decode_arcs(TOPOLOGY)
    assert worldmap.ring(arcs, [0, 1]) == [(10, 20), (12, 20), (12, 22), (10, 22), (10, 20)]
    # ~i walks arc i backwards.
    assert worldmap.ring(arcs, [~1, ~0]) == [(10, 20), (10, 22), (12, 22), (12, 20), (10, 20)]


def test_countries_are_keyed_by_alpha2_in_degrees_from_the_top_left():
    shapes = worldmap.decode(TOPOLOGY)
    # x = 10 + 180, y = 84 − 20; then relative steps in tenths of a degree.
    assert shapes["DE"] == "M190 64l2 0 0-2-2 0 0 2z"
    assert "AQ" not in shapes  # Antarctica is left out
    assert shapes[""] == shapes["DE"]  # shapes without an id still draw


def test_steps_are_written_as_short_as_svg_reads_them():
    assert [worldmap.tenths(n) for n in (0, 3, -3, 10, 12, -12)] == [
        "0",
        ".3",
        "-.3",
        "1",
        "1.2",
        "-1.2",
    ]
    assert worldmap.compact([".3", ".1", "-.2", "1", ".5", "0", ".4"]) == ".3.1-.2 1 .5 0 .4"


def test_the_vendored_world_decodes_with_a_city_inside_its_country():
    shapes = worldmap.country_paths()
    assert len(shapes) > 150 and {"AZ", "DE", "US", "NZ", "RU"} <= set(shapes)
    assert "AQ" not in shapes
    x, y = worldmap.project(49.87, 40.41)  # Baku
    assert (x, y) == (229.87, 43.59)
    # Azerbaijan's outline starts within a few degrees of Baku.
    start_x, start_y = (float(n) for n in shapes["AZ"][1:].split("l")[0].split())
    assert abs(start_x - x) < 5 and abs(start_y - y) < 5


def test_a_ring_across_the_antimeridian_is_drawn_from_both_edges():
    # Fiji-like: 179° east to 179° west is a 2° step, not 358° across the map.
    ring = [(179.0, -16.0), (-179.0, -16.0), (-179.0, -18.0), (179.0, -18.0), (179.0, -16.0)]
    east, west = worldmap.unwrapped(ring)
    assert [lon for lon, _lat in east] == [179, 181, 181, 179, 179]
    assert [lon for lon, _lat in west] == [-181, -179, -179, -181, -181]
    assert worldmap.unwrapped([(10.0, 0.0), (12.0, 0.0), (12.0, 2.0)]) == [
        [(10.0, 0.0), (12.0, 0.0), (12.0, 2.0)]
    ]
