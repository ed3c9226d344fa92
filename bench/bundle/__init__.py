"""bench/bundle: delivery bundle build time and memory."""
