"""The shape of input for initiatives' forms; business rules live in services."""

# -- progress updates --

# -- measurements and CSV imports --
