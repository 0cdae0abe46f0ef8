"""Staff identity and access (工作人员与权限): accounts, passwords, sessions, roles, scoping.

- ``core.identity.models`` — the tables: accounts, roles, grants, sessions, known permissions
- ``core.identity.passwords`` — argon2 hashing and the password policy
- ``core.identity.service`` — accounts, login with lockout, password changes, role grants
- ``core.identity.sessions`` — server-side login sessions with an idle timeout
- ``core.identity.permissions`` — permission declarations and the built-in roles
- ``core.identity.roles`` — keeping built-in roles and plugin permissions in the database
- ``core.identity.scoping`` — THE helper that turns (account, permission) into organisations
"""
