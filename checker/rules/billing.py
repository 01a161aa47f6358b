"""Billed code lines: parsed in `checker.coding`, the one home of codes and modifiers."""

from checker.coding import BOTH_SIDES, BilledLine, Billing, parse_billed

__all__ = ["BOTH_SIDES", "BilledLine", "Billing", "parse_billed"]
