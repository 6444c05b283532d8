"""Printed editions: PDF rendering behind a fetcher that never leaves the machine, QR codes."""
