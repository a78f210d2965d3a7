// Runs first in <body>: tells the GOV.UK styles that scripts are on.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
