"""Report: findings → documents. One module per output format; none of them decides anything."""
