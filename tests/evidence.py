"""Shared test helper: walk a report dump for its evidence spans."""


def evidence_pieces(value: object):
    """Every evidence object ({start, end, text}) anywhere in a report dump."""
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            yield value
        for item in value.values():
            yield from evidence_pieces(item)
    elif isinstance(value, list):
        for item in value:
            yield from evidence_pieces(item)
