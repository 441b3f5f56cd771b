"""SLA reports: what was delivered in a period against the contract's SLA terms, and the service credit due."""
