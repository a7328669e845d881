"""The Familles area: searchable list of families and the family record editor."""
