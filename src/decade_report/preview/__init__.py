"""The live preview: `decade-report preview` serves the screen edition on this computer only,
paged in the browser by Paged.js with the print CSS, and reloads it after every save.

mounts (which folders a URL may reach) → page (the composed HTML made servable) → session (the
current page, its problems and the PDF's state) → watch (saves) and pdf (the background build)
→ server (HTTP and Server-Sent Events, loopback only).
"""
