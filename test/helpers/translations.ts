// Every shipped language, as an app that shows them all would load them: the tests that render
// widgets in other languages than English import this.
import '../../src/translations/ar.js';
import '../../src/translations/de.js';
import '../../src/translations/es.js';
import '../../src/translations/fr.js';
import '../../src/translations/ja.js';
import '../../src/translations/ko.js';
import '../../src/translations/pt.js';
import '../../src/translations/ru.js';
import '../../src/translations/zh.js';
