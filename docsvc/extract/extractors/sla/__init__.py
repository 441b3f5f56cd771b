"""SLA targets and service credits: tables, table-like text blocks and sentences (``targets``, ``credits``)."""
