"""The shape of input for events' forms; business rules live in services."""

# -- registration and manage links --

# -- organizers, where next, what we heard --
