"""From raw bytes to the cleaned body: decoding, HTML main text, normalisation, boilerplate."""
