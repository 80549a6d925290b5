"""nlp_foi: code Freedom of Information replies to round-robin requests."""
__version__ = "0.1.0"
