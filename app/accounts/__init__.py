"""Getting in: invitation links, self-registration with e-mail confirmation, inviting colleagues."""
