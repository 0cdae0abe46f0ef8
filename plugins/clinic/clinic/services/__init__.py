"""The clinic module's rules: plain transactional functions pages, jobs and demo share."""
