"""The corrections module's rules: plain transactional functions that pages, jobs and demo
data all call. No web code here."""
