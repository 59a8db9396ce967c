import { attackForms } from './form-attacks';

attackForms('portal');
