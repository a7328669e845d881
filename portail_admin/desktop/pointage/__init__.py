"""The Pointage area: the day sheet of a service or a structure, one key per child."""
