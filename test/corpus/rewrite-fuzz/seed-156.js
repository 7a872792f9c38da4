"ó%to¥"; "Ì*7`";""; "Ug~\\";

 ((typeof
 (((`µf`) ?class// p
 {} 
:﻿ ("Ùø")).elynglmyngxw)))[(((/(?:)*?(?:)/imsu)))];
let
public


for (((([, ])))[(((class extends　  (f

= //﻿xsnew ((h))) {
 set [true] (i) {}

//﻿y 
async  E(){}

set[((null))] (r) { 
//i  ﻿iexqfx //qv
  ""


﻿""
/* 	 */
/*zjssj  *///vna s



 "use strict"
　

  }

  get﻿ [(8385060352819200)]() { 　 
 "use strict";
 //﻿f　lrot﻿h bu fqn
/*kh  ﻿faz  v	s*/// cp f  qt  l
"use strict"  

  "use strict"
  }
})))[void ((true))]]

in 

(([(({await, p, ...this,  implements, get [2e308]() { 
"use strict";

/* rd﻿    ol
  dn */}})[function
//stq

//p
//p  hob 
(r

 =


(/|^\xE5{53599,74866}|(?=)?|(?:)\b[^-](?=)*/gim), w

= (null), s = (null)) {

  'âwÏf"';


﻿"m<"


 

"îø¼{"
 	 for
(w　of (new.target))
return

}]

= 


({async}= (/$|(?!$8)(?=)(?:)*^\0|$\n\4{62576,92813}[^]{98271,99674}|(?!)()()()()/isuy)))]))) 
;

 