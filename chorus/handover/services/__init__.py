"""State changes of handover: delivery bundles (bundles.py) and delivery records (records.py)."""
