"""The actor network as GEXF 1.2 (Gephi; ``networkx.read_gexf``).

Nodes are actors: a linked entity (by its id), or an unlinked party by its name. Their
attributes: ``country``, ``sector``, ``code`` (the most frequent over their events) and
``events`` (how many they take part in). Edges go from each actor of an event to each of
its recipients, one edge per (actor, recipient, PLOVER type), weighted by the number of
events; attributes: ``type``, ``quad`` (PLOVER quad class), ``statuses`` (count per status,
e.g. ``asserted:3 planned:1``), ``first_day`` and ``last_day``. Two actors linked by events
of several types have parallel edges (networkx reads a MultiDiGraph). Events with actors
and no recipient add to their actors' ``events`` only.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import duckdb

from .. import __version__
from ..events.ontology import QUAD_NUMBERS, load_ontology
from ..store.filters import Filters
from .records import ExportResult, check_target, event_records

NAMESPACE: Final = "http://www.gexf.net/1.2draft"
NODE_ATTRIBUTES: Final = (("country", "string"), ("sector", "string"), ("code", "string"),
                          ("events", "integer"))  # fmt: skip
EDGE_ATTRIBUTES: Final = (("type", "string"), ("quad", "integer"), ("statuses", "string"),
                          ("first_day", "string"), ("last_day", "string"))  # fmt: skip


def actor_key(party: dict[str, Any]) -> str:
    return party["entity_id"] or f"name:{(party['name'] or '').strip().casefold()}"


@dataclass
class _Node:
    names: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    events: int = 0


@dataclass
class _Edge:
    weight: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None


def _note(node: _Node, party: dict[str, Any]) -> None:
    for counter, key in ((node.names, "name"), (node.countries, "country"),
                         (node.sectors, "sector"), (node.codes, "code")):  # fmt: skip
        if party[key]:
            counter[party[key]] += 1


def _top(counter: Counter[str]) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def build_network(
    records: Any,
) -> tuple[dict[str, _Node], dict[tuple[str, str, str], _Edge]]:
    nodes: dict[str, _Node] = defaultdict(_Node)
    edges: dict[tuple[str, str, str], _Edge] = defaultdict(_Edge)
    for record in records:
        keys = []
        for party in [*record["actors"], *record["recipients"]]:
            if not party["name"] and not party["entity_id"]:
                continue
            key = actor_key(party)
            _note(nodes[key], party)
            if key not in keys:
                keys.append(key)
        for key in keys:
            nodes[key].events += 1
        day = record["first_day"]
        for actor in record["actors"]:
            for recipient in record["recipients"]:
                source, target = actor_key(actor), actor_key(recipient)
                if source == target or source not in nodes or target not in nodes:
                    continue
                edge = edges[(source, target, record["type"])]
                edge.weight += 1
                edge.statuses[record["status"]] += 1
                if day is not None:
                    edge.first = day if edge.first is None else min(edge.first, day)
                    edge.last = day if edge.last is None else max(edge.last, day)
    return dict(nodes), dict(edges)


def _attributes(parent: ET.Element, kind: str, spec: tuple[tuple[str, str], ...]) -> None:
    block = ET.SubElement(parent, "attributes", {"class": kind})
    for number, (title, type_) in enumerate(spec):
        ET.SubElement(block, "attribute", {"id": str(number), "title": title, "type": type_})


def _values(
    parent: ET.Element, spec: tuple[tuple[str, str], ...], values: dict[str, object]
) -> None:
    block = ET.SubElement(parent, "attvalues")
    for number, (title, _) in enumerate(spec):
        value = values.get(title)
        if value is not None:
            ET.SubElement(block, "attvalue", {"for": str(number), "value": str(value)})


def write_gexf(
    nodes: dict[str, _Node], edges: dict[tuple[str, str, str], _Edge], out: Path
) -> None:
    root = ET.Element("gexf", {"xmlns": NAMESPACE, "version": "1.2"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, "creator").text = f"dossier {__version__}"
    ET.SubElement(meta, "description").text = (
        "Actors of stored events; edges from actor to recipient per event type, weighted by "
        "event count"
    )
    graph = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "directed"})
    _attributes(graph, "node", NODE_ATTRIBUTES)
    _attributes(graph, "edge", EDGE_ATTRIBUTES)
    node_block = ET.SubElement(graph, "nodes")
    for key, node in sorted(nodes.items()):
        element = ET.SubElement(node_block, "node", {"id": key, "label": _top(node.names) or key})
        _values(element, NODE_ATTRIBUTES, {
            "country": _top(node.countries), "sector": _top(node.sectors),
            "code": _top(node.codes), "events": node.events,
        })  # fmt: skip
    ontology = load_ontology()
    edge_block = ET.SubElement(graph, "edges")
    for number, ((source, target, kind), edge) in enumerate(sorted(edges.items())):
        element = ET.SubElement(edge_block, "edge", {
            "id": str(number), "source": source, "target": target, "label": kind,
            "weight": str(float(edge.weight)),
        })  # fmt: skip
        known = ontology.types.get(kind)
        _values(element, EDGE_ATTRIBUTES, {
            "type": kind,
            "quad": QUAD_NUMBERS[known.quad] if known else None,
            "statuses": " ".join(f"{s}:{n}" for s, n in sorted(edge.statuses.items())),
            "first_day": edge.first.isoformat() if edge.first else None,
            "last_day": edge.last.isoformat() if edge.last else None,
        })  # fmt: skip
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def export_gexf(
    con: duckdb.DuckDBPyConnection, out: Path, filters: Filters | None = None
) -> ExportResult:
    check_target(out)
    nodes, edges = build_network(event_records(con, filters))
    write_gexf(nodes, edges, out)
    return ExportResult([out], len(edges), [f"{len(nodes)} actors, {len(edges)} edges"])
