package com.paynotify.server;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:token-scope;DB_CLOSE_DELAY=-1")
class TokenScopeOnH2Test extends TokenScopeContract {}
