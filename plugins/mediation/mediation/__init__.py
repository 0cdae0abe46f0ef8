"""People's mediation (人民调解): committees, mediators and the life of a dispute."""
