"""The mail intake: messages from a file, an mbox, a Maildir or IMAP become posts.

Stages, one module each: ``sources`` reads raw messages, ``classify`` spots
robots and spam, ``routing`` finds the space and question, ``extract`` and
``trim`` get the sender's own words, ``quarantine`` keeps what is refused, and
``intake`` ties them together for the command line.
"""
