"""Scanning: files → facts. The only layer that reads the applicant's disk: listing (inputs), planning
(plan), reading in workers under time and memory limits (runner, scanner, pdf, image, ocr), caching."""
