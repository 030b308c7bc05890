import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml } from './escapeHtml.ts';

test('escapeHtml turns markup, attribute breakers and control characters into inert text', () => {
  assert.equal(escapeHtml('plain text, ünïcödé ✓ 漢字'), 'plain text, ünïcödé ✓ 漢字');
  assert.equal(
    escapeHtml(`<script>alert("x")</script>`),
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
  );
  assert.equal(escapeHtml(`" onmouseover='alert(1)' x="`), '&quot; onmouseover=&#39;alert(1)&#39; x=&quot;');
  // Already-escaped text is escaped again: what a user wrote is shown as written.
  assert.equal(escapeHtml('&lt;b&gt; &amp; &#39;'), '&amp;lt;b&amp;gt; &amp;amp; &amp;#39;');
  assert.equal(
    escapeHtml('</td></tr></table><!-- -->'),
    '&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;!-- --&gt;',
  );
  assert.equal(escapeHtml(']]><![CDATA[x'), ']]&gt;&lt;![CDATA[x');
  // Tab, line feed and carriage return stay; other control characters (C0, DEL, C1) become U+FFFD.
  assert.equal(escapeHtml('a\tb\nc\rd'), 'a\tb\nc\rd');
  assert.equal(
    escapeHtml('nul\u0000 bell\u0007 esc\u001b del\u007f c1\u0085'),
    'nul\ufffd bell\ufffd esc\ufffd del\ufffd c1\ufffd',
  );
  assert.equal(escapeHtml(''), '');
  // Nothing that could open a tag, a comment, a character reference or end an attribute survives.
  const hostile = `<img src=x onerror=alert(1)> & "' <!-- \u0000 <svg/onload=alert(1)> &#x3C;`;
  const escaped = escapeHtml(hostile);
  assert.doesNotMatch(escaped, /[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
  assert.ok(!escaped.includes('\u0000'));
});
