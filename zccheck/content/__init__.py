"""Pure text analysis of document content: template placeholders, the prescribed statement,
the publicity period, ID numbers and their masking. No I/O; every notice-specific value is a
parameter that the rule pack supplies."""
