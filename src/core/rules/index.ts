export { evaluateRules, ruleItemOf, ruleItemOfInboxItem, type RuleItem, type RuleOutcome } from './evaluate';
export { ruleWork } from './text-match';
