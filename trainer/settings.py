"""Keys of the app-wide settings the app and the command line both read.

Kept in one place so the dialogue, the certificates the app writes and
``trainer certify`` cannot drift apart on what a setting is called.
"""

ORGANISATION = "organisation"  # named in the dialogue and on certificates
CERTIFICATE_LOGO = "certificate.logo"  # a PNG or JPEG printed on certificates
