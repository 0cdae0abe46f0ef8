"""What plugins tell each other through the core, without importing one another.

- ``lifecycle``: events a plugin publishes and others react to (a publicity event got a
  clinic lawyer as its legal assistant; a correction term ended).
- ``professionals``: legal professionals as several modules see them — when they are taken
  (a duty-lawyer shift) and who can assist at an event (助诊).
- ``location``: providers of electronic-location feeds (电子定位).
"""
