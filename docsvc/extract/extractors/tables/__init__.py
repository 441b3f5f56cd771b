"""The table interpreter shared by SLA, service-credit and price tables (``grid``): header rows, column roles
by header words and cell value types, threshold (band) columns."""
